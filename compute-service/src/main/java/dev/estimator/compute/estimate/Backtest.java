package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.estimator.compute.estimate.EfficiencyModel.Effect;

/**
 * Leave-one-out backtest of the estimator against published training runs (docs/method/compute.md, Backtest): each run
 * with published accelerator-hours is estimated by the scenario path ({@link ComputeEstimator}, default profiles, no
 * user utilization) with profiles fitted WITHOUT that run, band included, and compared with what its source published.
 * The record names are the API's schema names.
 */
public final class Backtest {

    private Backtest() {
    }

    /**
     * One run. Errors are (estimated - published) / published; null where the source publishes nothing
     * to compare with.
     */
    public record BacktestRun(String id, String model, String modality, String accelerator, Integer acceleratorCount,
            String source, String hoursCounted, Double publishedGpuHours, Double estimatedGpuHours, Double gpuHoursError,
            HoursRange gpuHoursRange, Boolean insideRange, Double utilization, Double publishedPfDays, double estimatedPfDays,
            Double pfDaysError, Double publishedEnergyMwh, Double estimatedEnergyMwh, Double energyError) {
    }

    public record HoursRange(double p10, double p90) {
    }

    /** Leave-one-out accelerator-hours summary of one modality. */
    public record ModalitySummary(String modality, int count, double medianAbsoluteError, double shareInsideRange) {
    }

    /**
     * What one effect does to the leave-one-out median absolute error of accelerator-hours (all runs): with it and without
     * it, the rest of the default model unchanged. {@code used}: part of the estimator's model.
     */
    public record EffectAblation(String effect, boolean used, double priorCoefficient, double fittedCoefficient,
            double medianAbsoluteErrorWith, double medianAbsoluteErrorWithout) {
    }

    /**
     * {@code medianAbsoluteError} and {@code shareInsideRange}: all runs with accelerator-hours, leave-one-out;
     * {@code text} and {@code multimodal}: the same per modality; {@code noEffectsMedianAbsoluteError}: a model of family
     * constants only, for comparison.
     */
    public record BacktestSummary(int count, double medianAbsoluteError, double shareInsideRange, int pfDaysCount,
            double pfDaysMedianAbsoluteError, int energyCount, double energyMedianAbsoluteError, ModalitySummary text,
            ModalitySummary multimodal, double noEffectsMedianAbsoluteError, String method) {
    }

    public record BacktestReport(List<BacktestRun> runs, BacktestSummary summary, List<EffectAblation> effects) {
    }

    static final String METHOD = "leave-one-out: each run estimated with the utilization model fitted on the other runs"
            + " (band from their own leave-one-out residuals); error = estimated / published - 1";

    public static BacktestReport run(List<PublishedRun> runs) {
        return run(runs, EfficiencyModel.DEFAULT_EFFECTS);
    }

    public static BacktestReport run(List<PublishedRun> runs, Set<Effect> effects) {
        List<ProfileCalibration.Observation> calibration = ProfileCalibration.observations(runs);
        List<String> calibrated = calibration.stream().map(o -> o.run().id()).toList();
        List<BacktestRun> rows = new ArrayList<>();
        List<Double> pfErrors = new ArrayList<>();
        List<Double> energyErrors = new ArrayList<>();
        Group all = new Group();
        Group text = new Group();
        Group multimodal = new Group();
        for (PublishedRun run : runs) {
            // A staged run (LLaVA-1.5) is the sum of its stages.
            double flops = ReferenceWorkloads.flops(run);
            double pfDays = TrainingComputeCalculator.pfDays(flops);
            Double publishedPf = nullIfNaN(run.pfDays());
            Double pfError = publishedPf == null ? null : pfDays / publishedPf - 1;
            if (pfError != null) {
                pfErrors.add(Math.abs(pfError));
            }
            if (!calibrated.contains(run.id())) {
                rows.add(new BacktestRun(run.id(), run.model(), run.modality(), run.accelerator(), countOrNull(run), run.source(),
                        run.hoursCounted(), nullIfNaN(run.acceleratorHours()), null, null, null, null, null, publishedPf, pfDays,
                        pfError, null, null, null));
                continue;
            }
            List<PublishedRun> others = new ArrayList<>(runs);
            others.remove(run);
            EfficiencyProfiles profiles = ProfileCalibration.derive(others, effects);
            Estimate e = estimate(run, new ComputeEstimator(profiles));
            double published = run.acceleratorHours();
            double error = e.hours / published - 1;
            boolean in = published >= e.p10 && published <= e.p90;
            all.add(error, in);
            (run.multimodal() ? multimodal : text).add(error, in);
            Double publishedEnergy = nullIfNaN(run.energyMwh());
            Double energyError = publishedEnergy == null ? null : e.result.energyMwh() / publishedEnergy - 1;
            if (energyError != null) {
                energyErrors.add(Math.abs(energyError));
            }
            rows.add(new BacktestRun(run.id(), run.model(), run.modality(), run.accelerator(), countOrNull(run), run.source(),
                    run.hoursCounted(), published, e.hours, error, new HoursRange(e.p10, e.p90), in, e.result.utilization(),
                    publishedPf, pfDays, pfError, publishedEnergy, publishedEnergy == null ? null : e.result.energyMwh(),
                    energyError));
        }
        BacktestSummary summary = new BacktestSummary(all.count(), all.median(), all.share(), pfErrors.size(), median(pfErrors),
                energyErrors.size(), median(energyErrors), text.summary("text"), multimodal.summary("multimodal"),
                medianAbsoluteError(calibration, EnumSet.noneOf(Effect.class)), METHOD);
        return new BacktestReport(rows, summary, ablation(calibration, effects));
    }

    /** The run's accelerator-hours and band by the scenario path, with the hours counted the way its source counts them. */
    static Estimate estimate(PublishedRun run, ComputeEstimator estimator) {
        AcceleratorSpec spec = ReferenceAccelerators.get(run.accelerator());
        TrainingWorkload w = ReferenceWorkloads.of(run);
        boolean fp8 = ProfileCalibration.isFp8(run);
        String precision = fp8 ? "fp8" : (spec.peak("bf16") > 0 ? "bf16" : "fp16");
        ModelShape shape = ModelShape.of(w.activeParameters(), null, run.hiddenSize() > 0 ? run.hiddenSize() : null, null, null,
                run.sequenceLength() > 0 ? run.sequenceLength() : null);
        ScenarioInput input = new ScenarioInput(w, ReferenceWorkloads.isMoe(run), shape, spec, precision, spec.peak(precision),
                null, countOrNull(run), null, 0, EnergyCalculator.DEFAULT_PUE, EnergyCalculator.DEFAULT_CARBON_INTENSITY,
                Integer.MAX_VALUE, ReferenceWorkloads.stages(run));
        ComputeResult r = estimator.estimate(input);
        // A scenario's hours include restarts; a source that publishes a rate without them is compared like for like.
        double scale = run.hoursExcludeRestarts()
                ? Math.exp(-estimator.profiles().model().coefficient(Effect.RESTARTS)) : 1;
        return new Estimate(r, r.gpuHours() * scale, r.gpuHoursP10() * scale, r.gpuHoursP90() * scale);
    }

    record Estimate(ComputeResult result, double hours, double p10, double p90) {
    }

    /** Leave-one-out median absolute error of accelerator-hours with a given set of effects. */
    public static double medianAbsoluteError(List<ProfileCalibration.Observation> calibration, Set<Effect> effects) {
        double[] residuals = ProfileCalibration.leaveOneOutResiduals(calibration, effects);
        List<Double> errors = new ArrayList<>();
        for (double r : residuals) {
            // estimated / published hours = measured / predicted utilization
            errors.add(Math.abs(Math.exp(r) - 1));
        }
        return median(errors);
    }

    /** Each effect's contribution: the model with and without it. */
    static List<EffectAblation> ablation(List<ProfileCalibration.Observation> calibration, Set<Effect> effects) {
        ProfileCalibration.FittedModel full = ProfileCalibration.fit(calibration, effects);
        double base = medianAbsoluteError(calibration, effects);
        List<EffectAblation> out = new ArrayList<>();
        for (Effect e : Effect.values()) {
            Set<Effect> other = EfficiencyModel.copy(effects);
            boolean used = effects.contains(e);
            if (used) {
                other.remove(e);
            } else {
                other.add(e);
            }
            double otherError = medianAbsoluteError(calibration, other);
            double fitted = used ? full.coefficient(e) : ProfileCalibration.fit(calibration, other).coefficient(e);
            out.add(new EffectAblation(e.id(), used, e.priorMean, fitted, used ? base : otherError, used ? otherError : base));
        }
        return out;
    }

    private static final class Group {
        final List<Double> errors = new ArrayList<>();
        int inside;

        void add(double error, boolean in) {
            errors.add(Math.abs(error));
            if (in) {
                inside++;
            }
        }

        int count() {
            return errors.size();
        }

        double median() {
            return Backtest.median(errors);
        }

        double share() {
            return errors.isEmpty() ? 0 : (double) inside / errors.size();
        }

        ModalitySummary summary(String modality) {
            return new ModalitySummary(modality, count(), median(), share());
        }
    }

    static double median(List<Double> values) {
        return values.isEmpty() ? 0 : ProfileCalibration.median(values);
    }

    private static Integer countOrNull(PublishedRun run) {
        return run.acceleratorCount() > 0 ? run.acceleratorCount() : null;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
