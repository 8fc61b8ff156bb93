package dev.estimator.stack.testing;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * An RFC 4180 reader for tests of CSV exports (jackson-dataformat-csv's parser, which the writers do not use): every
 * row as its cells, the header included. A value with an unterminated quote fails the test.
 */
public final class Csv {

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private Csv() {
    }

    public static List<List<String>> parse(String text) {
        try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).readValues(text)) {
            return rows.readAll();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("not RFC 4180 CSV: " + e.getMessage(), e);
        }
    }
}
