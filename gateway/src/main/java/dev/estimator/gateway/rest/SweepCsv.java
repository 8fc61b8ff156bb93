package dev.estimator.gateway.rest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.estimator.gateway.event.FinishedEvent;
import dev.estimator.gateway.repository.Scenario;

/**
 * RFC 4180 CSV of sweep members (jackson-dataformat-csv): one row per scenario, the varied values, then the headline
 * numbers of its estimate. A text cell that a spreadsheet would run as a formula (it begins with {@code = + - @}, a
 * tab or a carriage return) is prefixed with a single quote; numbers are written as they are.
 */
final class SweepCsv {

    /** Column name -> JSON pointer into the estimate. */
    static final String[][] ESTIMATE_COLUMNS = {
            { "trainingFlops", "/compute/trainingFlops" }, { "pfDays", "/compute/pfDays" },
            { "utilization", "/compute/utilization" }, { "gpuHours", "/compute/gpuHours" },
            { "gpuHoursP10", "/compute/gpuHoursRange/p10" }, { "gpuHoursP90", "/compute/gpuHoursRange/p90" },
            { "gpuCount", "/compute/gpuCount" }, { "wallClockDays", "/compute/wallClockDays" },
            { "minAccelerators", "/compute/memory/minAccelerators" }, { "energyMwh", "/compute/energyMwh" },
            { "co2Tonnes", "/compute/co2Tonnes" }, { "currency", "/cost/currency" },
            { "trainingCloudCost", "/cost/training/cloud" }, { "trainingOwnershipCost", "/cost/training/ownership" },
            { "servingCost", "/cost/serving/total" }, { "programmeCost", "/cost/programme/total" },
            { "costP10", "/cost/range/p10" }, { "costP50", "/cost/range/p50" }, { "costP90", "/cost/range/p90" },
            { "priceSource", "/cost/priceSource" } };

    /**
     * Money columns again, all in USD so members priced in different currencies compare like with like (column
     * {@code comparisonCurrency}): an amount in another currency is divided by the estimate's own
     * {@code cost.exchangeRate.perUsd}; empty when it has none.
     */
    static final String[][] USD_COLUMNS = {
            { "trainingCloudCostUsd", "/cost/training/cloud" }, { "trainingOwnershipCostUsd", "/cost/training/ownership" },
            { "servingCostUsd", "/cost/serving/total" }, { "servingOwnershipCostUsd", "/cost/serving/ownership" },
            { "programmeCostUsd", "/cost/programme/total" }, { "costP50Usd", "/cost/range/p50" } };

    private static final CsvMapper CSV = new CsvMapper();
    /** Reads the JSON the registry stored; no module or setting of the REST mapper matters for a tree. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SweepCsv() {
    }

    static String write(JsonNode vary, List<Scenario> members) {
        List<String> axes = new ArrayList<>();
        for (Iterator<String> it = vary.fieldNames(); it.hasNext();) {
            axes.add(it.next());
        }
        CsvSchema.Builder columns = CsvSchema.builder().addColumn("scenarioId").addColumn("sweepIndex").addColumn("status");
        axes.forEach(columns::addColumn);
        for (String[] column : ESTIMATE_COLUMNS) {
            columns.addColumn(column[0]);
        }
        columns.addColumn("comparisonCurrency");
        for (String[] column : USD_COLUMNS) {
            columns.addColumn(column[0]);
        }
        columns.addColumn("errors");
        List<List<String>> rows = new ArrayList<>(members.size());
        for (Scenario s : members) {
            List<String> cells = new ArrayList<>();
            cells.add(s.id);
            cells.add(String.valueOf(s.sweepIndex));
            cells.add(s.status.name());
            JsonNode variant = read(s.variant);
            for (String axis : axes) {
                cells.add(cell(variant == null ? null : variant.get(axis)));
            }
            JsonNode result = read(s.result);
            for (String[] column : ESTIMATE_COLUMNS) {
                cells.add(s.status == Scenario.Status.COMPLETED ? cell(result.at(column[1])) : "");
            }
            boolean completed = s.status == Scenario.Status.COMPLETED;
            cells.add(completed ? FinishedEvent.COMPARISON_CURRENCY : "");
            for (String[] column : USD_COLUMNS) {
                cells.add(completed ? usd(result, column[1]) : "");
            }
            StringBuilder errors = new StringBuilder();
            if (s.status == Scenario.Status.REJECTED) {
                for (JsonNode e : result.path("errors")) {
                    errors.append(errors.length() == 0 ? "" : "; ").append(e.path("field").asText()).append(": ")
                            .append(e.path("message").asText());
                }
            }
            cells.add(neutralized(errors.toString()));
            rows.add(cells);
        }
        try {
            return CSV.writer(columns.build().withHeader().withLineSeparator("\r\n")).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the sweep's CSV", e);
        }
    }

    /** The amount at {@code pointer} in USD, or empty when absent or when a non-USD estimate carries no rate. */
    static String usd(JsonNode estimate, String pointer) {
        JsonNode amount = estimate.at(pointer);
        if (!amount.isNumber()) {
            return "";
        }
        String currency = estimate.at("/cost/currency").asText(FinishedEvent.COMPARISON_CURRENCY);
        if (FinishedEvent.COMPARISON_CURRENCY.equals(currency)) {
            return amount.asText();
        }
        JsonNode perUsd = estimate.at("/cost/exchangeRate/perUsd");
        return perUsd.isNumber() && perUsd.doubleValue() > 0 ? String.valueOf(amount.doubleValue() / perUsd.doubleValue()) : "";
    }

    private static JsonNode read(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt registry row", e);
        }
    }

    private static String cell(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        return neutralized(node.isTextual() ? node.asText() : node.toString());
    }

    /** OWASP's advice for CSV injection: text a spreadsheet would evaluate is made inert, visibly. */
    static String neutralized(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
