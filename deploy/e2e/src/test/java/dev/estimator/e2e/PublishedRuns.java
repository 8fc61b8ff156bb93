package dev.estimator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads docs/reference/published-runs.csv (published figures: GPT-3 Table D.1, LLaMA, DeepSeek-V3, ...). */
public final class PublishedRuns {

    private PublishedRuns() {
    }

    /** Row by id, as column name -> raw value (empty string when the paper does not publish it). */
    public static Map<String, String> row(String id) {
        Path csv = Path.of(System.getProperty("estimator.root", "../..")).resolve("docs/reference/published-runs.csv");
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = Arrays.asList(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                // No quoted commas in the numeric columns read here; notes may contain commas but come last.
                String[] cells = line.split(",", -1);
                if (cells[0].equals(id)) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < header.size() && i < cells.length; i++) {
                        row.put(header.get(i), cells[i]);
                    }
                    return row;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("No published run '" + id + "' in " + csv);
    }
}
