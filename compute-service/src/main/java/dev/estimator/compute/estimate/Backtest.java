package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimator versus published training runs, with default profiles and no user override (docs/method/compute.md,
 * Backtest). The record names are the API's schema names.
 */
public final class Backtest {

    private Backtest() {
    }

    /**
     * One run. Errors are (estimated - published) / published; null where the source publishes nothing
     * to compare with.
     */
    public record BacktestRun(String id, String model, String accelerator, Integer acceleratorCount, String source,
            Double publishedGpuHours, Double estimatedGpuHours, Double gpuHoursError, HoursRange gpuHoursRange, Boolean insideRange,
            Double utilization, Double publishedPfDays, double estimatedPfDays, Double pfDaysError, Double publishedEnergyMwh,
            Double estimatedEnergyMwh, Double energyError) {
    }

    public record HoursRange(double p10, double p90) {
    }

    public record BacktestSummary(int count, double medianAbsoluteError, double shareInsideRange, int pfDaysCount,
            double pfDaysMedianAbsoluteError, int energyCount, double energyMedianAbsoluteError) {
    }

    public record BacktestReport(List<BacktestRun> runs, BacktestSummary summary) {
    }

    public static BacktestReport run(List<PublishedRun> runs, ComputeEstimator estimator) {
        List<BacktestRun> rows = new ArrayList<>();
        List<Double> hoursErrors = new ArrayList<>();
        List<Double> pfErrors = new ArrayList<>();
        List<Double> energyErrors = new ArrayList<>();
        int inside = 0;
        for (PublishedRun run : runs) {
            TrainingWorkload w = ReferenceWorkloads.of(run);
            double flops = TrainingComputeCalculator.trainingFlops(w);
            double pfDays = TrainingComputeCalculator.pfDays(flops);
            Double publishedPf = nullIfNaN(run.pfDays());
            Double pfError = publishedPf == null ? null : pfDays / publishedPf - 1;
            if (pfError != null) {
                pfErrors.add(Math.abs(pfError));
            }
            AcceleratorSpec spec = ReferenceAccelerators.get(run.accelerator());
            if (spec == null || !run.hasAcceleratorHours()) {
                rows.add(new BacktestRun(run.id(), run.model(), run.accelerator(), countOrNull(run), run.source(),
                        nullIfNaN(run.acceleratorHours()), null, null, null, null, null, publishedPf, pfDays, pfError, null, null,
                        null));
                continue;
            }
            String precision = ReferenceWorkloads.isFp8(run) ? "fp8" : (spec.peak("bf16") > 0 ? "bf16" : "fp16");
            ModelShape shape = ModelShape.of(w.activeParameters(), null, null, null, null, null);
            ScenarioInput input = new ScenarioInput(w, ReferenceWorkloads.isMoe(run), shape, spec, precision, spec.peak(precision),
                    null, countOrNull(run), null, 0, EnergyCalculator.DEFAULT_PUE, EnergyCalculator.DEFAULT_CARBON_INTENSITY,
                    Integer.MAX_VALUE);
            ComputeResult r = estimator.estimate(input);
            double published = run.acceleratorHours();
            double error = r.gpuHours() / published - 1;
            hoursErrors.add(Math.abs(error));
            boolean in = published >= r.gpuHoursP10() && published <= r.gpuHoursP90();
            if (in) {
                inside++;
            }
            Double publishedEnergy = nullIfNaN(run.energyMwh());
            Double energyError = publishedEnergy == null ? null : r.energyMwh() / publishedEnergy - 1;
            if (energyError != null) {
                energyErrors.add(Math.abs(energyError));
            }
            rows.add(new BacktestRun(run.id(), run.model(), run.accelerator(), countOrNull(run), run.source(), published,
                    r.gpuHours(), error, new HoursRange(r.gpuHoursP10(), r.gpuHoursP90()), in, r.utilization(), publishedPf, pfDays,
                    pfError, publishedEnergy, publishedEnergy == null ? null : r.energyMwh(), energyError));
        }
        BacktestSummary summary = new BacktestSummary(hoursErrors.size(), median(hoursErrors),
                hoursErrors.isEmpty() ? 0 : (double) inside / hoursErrors.size(), pfErrors.size(), median(pfErrors),
                energyErrors.size(), median(energyErrors));
        return new BacktestReport(rows, summary);
    }

    private static double median(List<Double> values) {
        return values.isEmpty() ? 0 : ProfileCalibration.median(values);
    }

    private static Integer countOrNull(PublishedRun run) {
        return run.acceleratorCount() > 0 ? run.acceleratorCount() : null;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
