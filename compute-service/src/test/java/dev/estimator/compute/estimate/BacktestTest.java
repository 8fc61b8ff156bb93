package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Accuracy against the published runs, with the default profiles (no utilization override). */
class BacktestTest {

    final List<PublishedRun> runs = PublishedRun.bundled();
    final Backtest.BacktestReport report = Backtest.run(runs, new ComputeEstimator(EfficiencyProfiles.bundled()));

    @Test
    void everyPublicRunsAcceleratorHoursWithin15Percent() {
        int compared = 0;
        for (PublishedRun run : runs) {
            if (!run.hasAcceleratorHours()) {
                continue;
            }
            var row = report.runs().stream().filter(r -> r.id().equals(run.id())).findFirst().orElseThrow();
            assertNotNull(row.estimatedGpuHours(), run.id());
            assertEquals(run.acceleratorHours(), row.estimatedGpuHours(), run.acceleratorHours() * 0.15,
                    run.id() + " estimated " + row.estimatedGpuHours() + " vs published " + run.acceleratorHours());
            compared++;
        }
        assertEquals(6, compared, "GPT-3 175B, LLaMA-65B, Llama 2 70B, Llama 3.1 405B, DeepSeek-V3, CLIP");
    }

    @Test
    void publishedValuesFallInsideTheRangeAndSummaryIsConsistent() {
        for (var row : report.runs()) {
            if (row.publishedGpuHours() != null && row.gpuHoursRange() != null) {
                assertTrue(row.gpuHoursRange().p10() <= row.publishedGpuHours() && row.publishedGpuHours() <= row.gpuHoursRange().p90(),
                        row.id() + " outside its range");
            }
        }
        assertEquals(6, report.summary().count());
        assertEquals(1.0, report.summary().shareInsideRange(), 1e-9);
        assertTrue(report.summary().medianAbsoluteError() < 0.15);
        // Table D.1 rows are compared in PF-days.
        assertEquals(8, report.summary().pfDaysCount());
        assertTrue(report.summary().pfDaysMedianAbsoluteError() < 0.005);
    }
}
