package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.repository.Scenario;
import dev.estimator.stack.testing.Csv;

/** The export is RFC 4180 with a header, and no text cell reaches a spreadsheet as a formula. */
class SweepCsvTest {

    final ObjectMapper json = new ObjectMapper();

    static Scenario member(String id, int index, Scenario.Status status, String variant, String result) {
        Scenario s = new Scenario();
        s.id = id;
        s.sweepIndex = index;
        s.status = status;
        s.variant = variant;
        s.result = result;
        return s;
    }

    @Test
    void textThatASpreadsheetWouldEvaluateIsQuotedAwayAndNumbersStayNumbers() throws Exception {
        String estimate = """
                {"compute": {"trainingFlops": 3.15e23, "wallClockDays": 13.9},
                 "cost": {"currency": "USD", "training": {"cloud": 1.5e6, "ownership": -2.5}, "priceSource": "@list, \\"2026\\""}}""";
        String rejection = """
                {"stage": "catalog", "errors": [{"field": "model.ref", "message": "=HYPERLINK(\\"x\\")"}]}""";
        List<Scenario> members = List.of(
                member("a", 0, Scenario.Status.COMPLETED, "{\"name\": \"=1+2\", \"hardware.count\": 512}", estimate),
                member("b", 1, Scenario.Status.REJECTED, "{\"name\": \"-cmd\", \"hardware.count\": 1024}", rejection),
                member("c", 2, Scenario.Status.PENDING, "{\"name\": \"plain, with comma\", \"hardware.count\": 2048}", null));

        List<List<String>> rows = Csv.parse(SweepCsv.write(json.readTree("{\"name\": [], \"hardware.count\": []}"), members));

        List<String> header = rows.get(0);
        assertEquals(List.of("scenarioId", "sweepIndex", "status", "name", "hardware.count", "trainingFlops"), header.subList(0, 6));
        assertEquals("errors", header.get(header.size() - 1));
        assertEquals(4, rows.size());
        List<String> a = rows.get(1);
        assertEquals("'=1+2", a.get(header.indexOf("name")));
        assertEquals("512", a.get(header.indexOf("hardware.count")));
        assertEquals("3.15E23", a.get(header.indexOf("trainingFlops")));
        assertEquals("-2.5", a.get(header.indexOf("trainingOwnershipCost")), "a negative number is a number, not a formula");
        assertEquals("'@list, \"2026\"", a.get(header.indexOf("priceSource")));
        List<String> b = rows.get(2);
        assertEquals("'-cmd", b.get(header.indexOf("name")));
        assertEquals("REJECTED", b.get(header.indexOf("status")));
        assertEquals("model.ref: =HYPERLINK(\"x\")", b.get(header.indexOf("errors")), "not at the start of the cell: harmless");
        assertEquals("plain, with comma", rows.get(3).get(header.indexOf("name")));
        assertEquals("", rows.get(3).get(header.indexOf("trainingFlops")));
    }

    @Test
    void everyFormulaLeaderIsNeutralized() {
        for (String formula : new String[] { "=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1" }) {
            assertEquals("'" + formula, SweepCsv.neutralized(formula), formula);
        }
        assertEquals("1+2", SweepCsv.neutralized("1+2"));
        assertEquals("", SweepCsv.neutralized(""));
    }

    /** Issue #15: members priced in CNY and in USD compare like with like in the export's USD columns. */
    @Test
    void moneyIsAlsoExportedInUsdAtEachEstimatesOwnRate() throws Exception {
        String cny = """
                {"cost": {"currency": "CNY", "training": {"cloud": 71.0, "ownership": 35.5}, "programme": {"total": 142.0},
                          "exchangeRate": {"currency": "CNY", "perUsd": 7.1, "asOf": "2025-06-01"}}}""";
        String usd = """
                {"cost": {"currency": "USD", "training": {"cloud": 12.0}, "programme": {"total": 20.0}}}""";
        String cnyWithoutRate = """
                {"cost": {"currency": "CNY", "training": {"cloud": 71.0}}}""";
        List<Scenario> members = List.of(member("a", 0, Scenario.Status.COMPLETED, "{}", cny),
                member("b", 1, Scenario.Status.COMPLETED, "{}", usd),
                member("c", 2, Scenario.Status.COMPLETED, "{}", cnyWithoutRate));
        List<List<String>> rows = Csv.parse(SweepCsv.write(json.readTree("{}"), members));
        List<String> header = rows.get(0);
        int usdCloud = header.indexOf("trainingCloudCostUsd");
        assertEquals("CNY", rows.get(1).get(header.indexOf("currency")), "the priced currency stays in its own column");
        assertEquals("71.0", rows.get(1).get(header.indexOf("trainingCloudCost")));
        assertEquals(10.0, Double.parseDouble(rows.get(1).get(usdCloud)), 1e-12);
        assertEquals(5.0, Double.parseDouble(rows.get(1).get(header.indexOf("trainingOwnershipCostUsd"))), 1e-12);
        assertEquals(20.0, Double.parseDouble(rows.get(1).get(header.indexOf("programmeCostUsd"))), 1e-12);
        assertEquals("USD", rows.get(1).get(header.indexOf("comparisonCurrency")));
        assertEquals("12.0", rows.get(2).get(usdCloud));
        assertEquals("", rows.get(3).get(usdCloud), "no rate: no USD amount rather than a wrong one");
        assertEquals("errors", header.get(header.size() - 1));
    }
}
