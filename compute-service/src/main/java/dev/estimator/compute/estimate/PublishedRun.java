package dev.estimator.compute.estimate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A published training run (docs/reference/published-runs.csv). Numbers that the source does not give
 * are {@code NaN}; {@code acceleratorCount}, {@code sequenceLength} and {@code hiddenSize} are 0 when unknown.
 *
 * @param modality             {@code text} or {@code multimodal} (the backtest summarizes each separately)
 * @param precision            training precision as the source states it ({@code bf16}, {@code fp16}, {@code fp8}), or empty
 * @param hoursIncludeRestarts {@code yes} (wall clock x accelerators, or measured use), {@code no} (a throughput rate
 *                             times the tokens), {@code unknown}
 * @param hoursCounted         the source's own words on how the hours were counted
 */
public record PublishedRun(String id, String model, double paramsTotal, double paramsActive, double tokens, String accelerator,
        int acceleratorCount, double acceleratorHours, double pfDays, double energyMwh, double tco2, double costUsd,
        double pricePerAcceleratorHour, String kind, String source, String notes, String modality, int sequenceLength,
        int hiddenSize, String precision, String hoursIncludeRestarts, String hoursCounted) {

    public PublishedRun {
        modality = modality == null || modality.isBlank() ? ("multimodal".equalsIgnoreCase(kind) ? "multimodal" : "text")
                : modality.toLowerCase(java.util.Locale.ROOT);
        precision = precision == null ? "" : precision;
        hoursIncludeRestarts = hoursIncludeRestarts == null || hoursIncludeRestarts.isBlank() ? "unknown" : hoursIncludeRestarts;
        hoursCounted = hoursCounted == null ? "" : hoursCounted;
    }

    /** A run with the original columns only (stored rows): text unless its kind says multi-modal, nothing else known. */
    public PublishedRun(String id, String model, double paramsTotal, double paramsActive, double tokens, String accelerator,
            int acceleratorCount, double acceleratorHours, double pfDays, double energyMwh, double tco2, double costUsd,
            double pricePerAcceleratorHour, String kind, String source, String notes) {
        this(id, model, paramsTotal, paramsActive, tokens, accelerator, acceleratorCount, acceleratorHours, pfDays, energyMwh,
                tco2, costUsd, pricePerAcceleratorHour, kind, source, notes, null, 0, 0, null, null, null);
    }

    public boolean multimodal() {
        return "multimodal".equals(modality);
    }

    /** Only a source that says its hours are a rate without restarts counts as excluding them. */
    public boolean hoursExcludeRestarts() {
        return "no".equalsIgnoreCase(hoursIncludeRestarts);
    }

    public static final String RESOURCE = "/reference/published-runs.csv";

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES, CsvParser.Feature.EMPTY_STRING_AS_NULL, CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

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

    /** RFC 4180 CSV with a header row naming the columns (snake_case); blank cells are "not published". */
    public static List<PublishedRun> parse(InputStream csv) throws IOException {
        try (MappingIterator<Row> rows = CSV.readerFor(Row.class).with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll().stream().map(Row::run).toList();
        }
    }

    /** One line of the file as written: any cell may be empty. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Row(String id, String model, Double paramsTotal, Double paramsActive, Double tokens, String accelerator,
            Double acceleratorCount, Double acceleratorHours, Double pfDays, Double energyMwh, Double tco2, Double costUsd,
            Double pricePerAcceleratorHour, String kind, String source, String notes, String modality, Double sequenceLength,
            Double hiddenSize, String precision, String hoursIncludeRestarts, String hoursCounted) {

        PublishedRun run() {
            return new PublishedRun(id, orEmpty(model), nan(paramsTotal), nan(paramsActive), nan(tokens), accelerator,
                    acceleratorCount == null ? 0 : acceleratorCount.intValue(), nan(acceleratorHours), nan(pfDays), nan(energyMwh),
                    nan(tco2), nan(costUsd), nan(pricePerAcceleratorHour), orEmpty(kind), orEmpty(source), orEmpty(notes),
                    modality, sequenceLength == null ? 0 : sequenceLength.intValue(), hiddenSize == null ? 0 : hiddenSize.intValue(),
                    precision, hoursIncludeRestarts, hoursCounted);
        }

        private static double nan(Double v) {
            return v == null ? Double.NaN : v;
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }
    }
}
