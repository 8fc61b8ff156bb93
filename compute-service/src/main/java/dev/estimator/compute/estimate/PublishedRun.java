package dev.estimator.compute.estimate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A published training run (docs/reference/published-runs.csv). Numbers that the source does not give
 * are {@code NaN}; {@code acceleratorCount} is 0 when unknown.
 */
public record PublishedRun(String id, String model, double paramsTotal, double paramsActive, double tokens, String accelerator,
        int acceleratorCount, double acceleratorHours, double pfDays, double energyMwh, double tco2, double costUsd,
        double pricePerAcceleratorHour, String kind, String source, String notes) {

    public static final String RESOURCE = "/reference/published-runs.csv";

    public boolean hasAcceleratorHours() {
        return !Double.isNaN(acceleratorHours) && accelerator != null && !accelerator.isBlank();
    }

    /** The runs bundled with the service (copied from docs/reference at build time). */
    public static List<PublishedRun> bundled() {
        try (InputStream in = PublishedRun.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE + " (copied from docs/reference by the build)");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<PublishedRun> parse(InputStream csv) throws IOException {
        List<PublishedRun> runs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                return runs;
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = split(line);
                while (f.size() < 16) {
                    f.add("");
                }
                runs.add(new PublishedRun(f.get(0), f.get(1), num(f.get(2)), num(f.get(3)), num(f.get(4)), blankToNull(f.get(5)),
                        (int) orZero(num(f.get(6))), num(f.get(7)), num(f.get(8)), num(f.get(9)), num(f.get(10)), num(f.get(11)),
                        num(f.get(12)), f.get(13), f.get(14), f.get(15)));
            }
        }
        return runs;
    }

    /** RFC 4180 fields: commas inside double quotes do not split. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                fields.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        fields.add(current.toString().trim());
        return fields;
    }

    private static double num(String s) {
        return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
