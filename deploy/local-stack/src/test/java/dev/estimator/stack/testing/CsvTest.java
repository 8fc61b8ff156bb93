package dev.estimator.stack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void readsQuotedCellsWithSeparatorsQuotesAndLineBreaks() {
        assertEquals(List.of(List.of("id", "note", ""), List.of("a,1", "say \"hi\"", "two\r\nlines"), List.of("'=1+2", "", "x")),
                Csv.parse("id,note,\r\n\"a,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n'=1+2,,x\r\n"));
    }

    @Test
    void anUnterminatedQuoteFails() {
        assertThrows(AssertionError.class, () -> Csv.parse("a,\"b\r\n"));
    }
}
