package dev.estimator.gateway.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.gateway.domain.Scenario;

/** RFC 4180 CSV of sweep members: one row per scenario, the varied values, then the headline numbers of its estimate. */
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

    private SweepCsv() {
    }

    static String write(JsonNode vary, List<Scenario> members, ScenarioViews views) {
        List<String> axes = SweepResource.axes(vary);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("scenarioId", "sweepIndex", "status"));
        header.addAll(axes);
        for (String[] column : ESTIMATE_COLUMNS) {
            header.add(column[0]);
        }
        header.add("errors");
        row(out, header);
        for (Scenario s : members) {
            List<String> cells = new ArrayList<>();
            cells.add(s.id);
            cells.add(String.valueOf(s.sweepIndex));
            cells.add(s.status.name());
            JsonNode variant = views.read(s.variant);
            for (String axis : axes) {
                cells.add(text(variant == null ? null : variant.get(axis)));
            }
            JsonNode result = s.result == null ? null : views.read(s.result);
            for (String[] column : ESTIMATE_COLUMNS) {
                cells.add(s.status == Scenario.Status.COMPLETED ? text(result.at(column[1])) : "");
            }
            StringBuilder errors = new StringBuilder();
            if (s.status == Scenario.Status.REJECTED) {
                for (JsonNode e : result.path("errors")) {
                    errors.append(errors.length() == 0 ? "" : "; ").append(e.path("field").asText()).append(": ")
                            .append(e.path("message").asText());
                }
            }
            cells.add(errors.toString());
            row(out, cells);
        }
        return out.toString();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(escape(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String escape(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
