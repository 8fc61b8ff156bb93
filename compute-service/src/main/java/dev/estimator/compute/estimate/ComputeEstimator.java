package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The method of docs/method/compute.md for one scenario: FLOPs, time, accelerators, memory, energy, serving. */
public final class ComputeEstimator {

    private final EfficiencyProfiles profiles;

    public ComputeEstimator(EfficiencyProfiles profiles) {
        this.profiles = profiles;
    }

    public EfficiencyProfiles profiles() {
        return profiles;
    }

    public ComputeResult estimate(ScenarioInput in) {
        TrainingWorkload w = in.workload();
        AcceleratorSpec spec = in.spec();
        String precision = in.precision() == null ? "bf16" : in.precision().toLowerCase(Locale.ROOT);
        double peakAsked = spec.peak(precision) > 0 ? spec.peak(precision) : in.peakFlops();
        boolean fp8 = precision.equals("fp8");
        boolean sixteenBitOrLess = fp8 || precision.equals("bf16") || precision.equals("fp16");
        double peak16 = spec.peak16() > 0 ? spec.peak16() : (fp8 ? peakAsked / 2.0 : peakAsked);
        // Profiles are calibrated on the 16-bit tensor peak; fp32/tf32 runs use their own peak at the same share.
        double basePeak = sixteenBitOrLess ? peak16 : peakAsked;

        // Stages run one after another on the same cluster: the totals are their sums (docs/method/compute.md, Stages).
        double[] stageFlops = new double[in.stages().size()];
        double flops = 0;
        for (int i = 0; i < stageFlops.length; i++) {
            stageFlops[i] = TrainingComputeCalculator.trainingFlops(in.stages().get(i).workload());
            flops += stageFlops[i];
        }
        EfficiencyProfile profile = profiles.of(spec.family());
        double size = ReferenceWorkloads.sizeForEfficiency(w);

        // The cluster must hold the stage that trains the most parameters (gradients and optimizer state).
        double trainable = 0;
        for (TrainingStage stage : in.stages()) {
            trainable = Math.max(trainable, trainableParameters(stage.workload()));
        }
        MemoryEstimator.MemoryBreakdown memory = MemoryEstimator.training(w.totalParameters(), trainable, in.shape(),
                spec.memoryGb());

        List<FieldViolation> violations = List.of();
        Integer count = in.count();
        String source;
        double sustained; // useful FLOP/s per accelerator
        if (in.userUtilization() != null) {
            sustained = peakAsked * in.userUtilization();
            source = "user";
        } else {
            // 0: count not known (the utilization model then assumes its reference breadth).
            int goodputCount = count != null ? count : 0;
            if (count == null && in.deadlineDays() != null) {
                // Utilization depends on the cluster the deadline needs: two fixed-point steps converge (it varies slowly).
                for (int i = 0; i < 2; i++) {
                    double u = profiles.utilization16(EfficiencyModel.Conditions.of(spec, size, in.shape(), goodputCount, in.moe(),
                            fp8 && sixteenBitOrLess));
                    double hours = flops / (basePeak * u) / 3600.0;
                    goodputCount = Math.max(memory.minAccelerators(),
                            TrainingComputeCalculator.acceleratorsForDeadline(hours, in.deadlineDays()));
                }
            }
            sustained = basePeak * profiles.utilization16(EfficiencyModel.Conditions.of(spec, size, in.shape(), goodputCount,
                    in.moe(), fp8 && sixteenBitOrLess));
            source = "profile:" + profile.family().id();
        }
        double hours = flops / sustained / 3600.0;
        double utilization = sustained / peakAsked;

        Double days = null;
        if (count != null) {
            if (count < memory.minAccelerators()) {
                violations = add(violations, new FieldViolation("hardware.count", String.format(Locale.ROOT,
                        "The model does not fit on %d accelerator(s) of %.0f GB: training needs at least %d (%.0f GB of weights,"
                                + " gradients, optimizer state and activations, sharded with ZeRO-3)",
                        count, spec.memoryGb(), memory.minAccelerators(), memory.weightsGb() + memory.gradientsGb()
                                + memory.optimizerGb() + memory.activationsGb())));
            }
            days = TrainingComputeCalculator.wallClockDays(hours, count);
        } else if (in.deadlineDays() != null) {
            int needed = Math.max(memory.minAccelerators(),
                    TrainingComputeCalculator.acceleratorsForDeadline(hours, in.deadlineDays()));
            if (needed > in.maxAccelerators()) {
                violations = add(violations, new FieldViolation("hardware.deadlineDays", String.format(Locale.ROOT,
                        "No cluster can meet %.1f days: it needs %d accelerators, more than the largest cluster considered (%d);"
                                + " the fastest possible is %.1f days",
                        in.deadlineDays(), needed, in.maxAccelerators(), hours / in.maxAccelerators() / 24.0)));
            }
            count = needed;
            days = TrainingComputeCalculator.wallClockDays(hours, count);
        }

        double energy = EnergyCalculator.energyMwh(hours, spec.tdpWatts(), in.pue());
        double co2 = EnergyCalculator.co2Tonnes(energy, in.carbonIntensity());
        // Without a serving section of its own, the training accelerator serves; a spec without a peak table gets the
        // peak the training resolved.
        AcceleratorSpec servingSpec = !spec.peakFlopsByPrecision().isEmpty() ? spec
                : new AcceleratorSpec(spec.id(), java.util.Map.of(fp8 ? "fp8" : "bf16", fp8 ? peakAsked : peak16),
                        spec.memoryGb(), spec.bandwidthTbps(), spec.tdpWatts(), spec.interconnectGbps());
        ServingEstimator.Request servingRequest = in.serving() != null ? in.serving()
                : ServingEstimator.Request.of(servingSpec, fp8 ? "fp8" : "bf16", in.tokensPerDay());
        ServingEstimator.ServingEstimate serving = ServingEstimator.estimate(w.activeParameters(), w.totalParameters(),
                in.shape(), in.attention(), servingRequest);
        if (serving.violation() != null) {
            violations = add(violations, serving.violation());
        }
        List<ComputeResult.StageResult> stages = new ArrayList<>(stageFlops.length);
        for (int i = 0; i < stageFlops.length; i++) {
            double stageHours = stageFlops[i] / sustained / 3600.0;
            stages.add(new ComputeResult.StageResult(in.stages().get(i).name(), stageFlops[i],
                    TrainingComputeCalculator.pfDays(stageFlops[i]), stageHours,
                    count == null ? null : TrainingComputeCalculator.wallClockDays(stageHours, count)));
        }
        return new ComputeResult(flops, TrainingComputeCalculator.pfDays(flops), utilization, source, hours,
                hours * profile.hoursP10Multiplier(), hours * profile.hoursP90Multiplier(), count, days, memory, energy, co2,
                in.pue(), in.carbonIntensity(), serving, violations, List.copyOf(stages));
    }

    /** Dense-only fast path: accelerator-hours of 6·N·D at the profile's default utilization (the JMH hot path). */
    public double denseTrainingHours(double parameters, double tokens, AcceleratorSpec spec, int count) {
        double flops = TrainingComputeCalculator.trainingFlops(parameters, tokens, 1);
        double u = profiles.utilization16(spec.family(), parameters, count, false, false);
        return flops / (spec.peak16() * u) / 3600.0;
    }

    static double trainableParameters(TrainingWorkload w) {
        double frozen = 0;
        for (ModelComponent c : w.components()) {
            if (!c.trainable()) {
                frozen += c.parameters();
            }
        }
        double total = w.totalParameters() > 0 ? w.totalParameters() : w.activeParameters();
        if (!w.backboneTrainable()) {
            double componentSum = w.components().stream().mapToDouble(ModelComponent::parameters).sum();
            frozen += Math.max(0, total - componentSum);
        }
        return Math.max(0, total - frozen);
    }

    private static List<FieldViolation> add(List<FieldViolation> list, FieldViolation v) {
        List<FieldViolation> out = new ArrayList<>(list);
        out.add(v);
        return out;
    }
}
