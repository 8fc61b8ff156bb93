package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.estimator.compute.estimate.EfficiencyModel.Conditions;
import dev.estimator.compute.estimate.EfficiencyModel.Effect;

/**
 * Fits the utilization model ({@link EfficiencyModel}) to the published runs, by a fixed procedure:
 *
 * <ol>
 * <li>For every run with published accelerator-hours: {@code y = ln(FLOPs / (hours x 3600 x 16-bit dense peak))}, the
 * effective utilization it achieved, and its features {@code x} (one indicator per accelerator family, then one column
 * per effect).</li>
 * <li>Coefficients {@code b} minimize {@code |y - X b|^2 + sum_j (sigma / s_j)^2 (b_j - m_j)^2}: least squares on
 * log-utilization with a Gaussian prior (mean m_j, sd s_j) on each coefficient, i.e. the posterior mode for residuals
 * of sd {@link #NOISE_SD}. The prior means are the sourced values of {@link Effect}; family intercepts have a weak
 * prior ({@link #FAMILY_PRIOR_MEAN}, sd {@link #FAMILY_PRIOR_SD}). A coefficient that the runs cannot identify (FP8:
 * one run) stays at its source's value; one that they can is set by them.</li>
 * <li>The p10-p90 band is the 10th and 90th percentile of the leave-one-out residuals (each run predicted by a fit
 * without it), so it says how far a run the fit has not seen falls, not how well the fit matches its own runs.</li>
 * </ol>
 *
 * Families without a published run get a prior relative to a fitted family, each explained ({@link #priors}), and a band
 * {@link #PRIOR_BAND_WIDENING} times as wide.
 */
public final class ProfileCalibration {

    private ProfileCalibration() {
    }

    /** Residual sd of ln(utilization) that weighs the priors against the runs: the spread of published runs around the fit. */
    static final double NOISE_SD = 0.2;
    /** Weak prior of a family's reference utilization: 0.35 (between V100 ~0.2 and A100 ~0.5), sd 0.5 in log. */
    static final double FAMILY_PRIOR_MEAN = Math.log(0.35);
    static final double FAMILY_PRIOR_SD = 0.5;
    /** Families known only from a prior are less certain than fitted ones: their band is this much wider (in log). */
    static final double PRIOR_BAND_WIDENING = 1.5;

    /** The effective utilization a published run achieved, relative to the 16-bit dense peak. */
    public static double measuredUtilization(PublishedRun run, AcceleratorSpec spec) {
        double flops = ReferenceWorkloads.flops(run); // every stage of a staged run
        return flops / (run.acceleratorHours() * 3600.0 * spec.peak16());
    }

    /** Whether a run trained its GEMMs in FP8 (the precision column, else its notes). */
    public static boolean isFp8(PublishedRun run) {
        return "fp8".equalsIgnoreCase(run.precision()) || (run.precision().isBlank() && ReferenceWorkloads.isFp8(run));
    }

    /** The conditions of a published run, as a scenario of it would have them plus how its hours were counted. */
    public static Conditions conditions(PublishedRun run, AcceleratorSpec spec) {
        TrainingWorkload w = ReferenceWorkloads.of(run);
        return new Conditions(spec.family(), ReferenceWorkloads.sizeForEfficiency(w), run.hiddenSize(), run.sequenceLength(),
                run.acceleratorCount(), ReferenceWorkloads.isMoe(run), isFp8(run), run.hoursExcludeRestarts(),
                EfficiencyModel.interconnectRatio(spec));
    }

    /** A published run the model can learn from: accelerator-hours, a known accelerator and its features. */
    public record Observation(PublishedRun run, Conditions conditions, double logUtilization) {
    }

    public static List<Observation> observations(List<PublishedRun> runs) {
        List<Observation> out = new ArrayList<>();
        for (PublishedRun run : runs) {
            AcceleratorSpec spec = ReferenceAccelerators.get(run.accelerator());
            if (!run.hasAcceleratorHours() || spec == null || spec.peak16() <= 0) {
                continue;
            }
            // A run whose workload the reference decomposition does not know (no tokens, no components) has no FLOPs.
            double u = measuredUtilization(run, spec);
            if (!(u > 0) || Double.isInfinite(u)) {
                continue;
            }
            out.add(new Observation(run, conditions(run, spec), Math.log(u)));
        }
        return out;
    }

    /** The fitted coefficients: a log reference utilization per family that has runs, and one coefficient per effect. */
    public record FittedModel(Map<AcceleratorFamily, Double> intercepts, Map<Effect, Double> coefficients) {

        /** ln(utilization) at the conditions, given the family's ln(reference utilization). */
        public double logUtilization(double logReference, Conditions c) {
            double v = logReference;
            for (var e : coefficients.entrySet()) {
                v += e.getValue() * EfficiencyModel.feature(e.getKey(), c);
            }
            return v;
        }

        public double coefficient(Effect e) {
            Double b = coefficients.get(e);
            return b == null ? 0 : b;
        }
    }

    /** The posterior mode of the coefficients given the runs (the procedure in the class comment). */
    public static FittedModel fit(List<Observation> obs, Set<Effect> effects) {
        AcceleratorFamily[] families = AcceleratorFamily.values();
        List<Effect> used = new ArrayList<>(EfficiencyModel.copy(effects));
        int p = families.length + used.size();
        double[][] a = new double[p][p];
        double[] rhs = new double[p];
        double[] x = new double[p];
        for (Observation o : obs) {
            java.util.Arrays.fill(x, 0);
            x[o.conditions().family().ordinal()] = 1;
            for (int j = 0; j < used.size(); j++) {
                x[families.length + j] = EfficiencyModel.feature(used.get(j), o.conditions());
            }
            for (int i = 0; i < p; i++) {
                rhs[i] += x[i] * o.logUtilization();
                for (int k = 0; k < p; k++) {
                    a[i][k] += x[i] * x[k];
                }
            }
        }
        for (int i = 0; i < p; i++) {
            double mean = i < families.length ? FAMILY_PRIOR_MEAN : used.get(i - families.length).priorMean;
            double sd = i < families.length ? FAMILY_PRIOR_SD : used.get(i - families.length).priorSd;
            double weight = (NOISE_SD / sd) * (NOISE_SD / sd);
            a[i][i] += weight;
            rhs[i] += weight * mean;
        }
        double[] b = solve(a, rhs);
        Map<AcceleratorFamily, Double> intercepts = new EnumMap<>(AcceleratorFamily.class);
        for (Observation o : obs) {
            intercepts.put(o.conditions().family(), b[o.conditions().family().ordinal()]);
        }
        Map<Effect, Double> coefficients = new EnumMap<>(Effect.class);
        for (int j = 0; j < used.size(); j++) {
            coefficients.put(used.get(j), b[families.length + j]);
        }
        return new FittedModel(intercepts, coefficients);
    }

    /** Residual ln(measured / predicted) of each run, predicted by a fit on the other runs. */
    public static double[] leaveOneOutResiduals(List<Observation> obs, Set<Effect> effects) {
        double[] residuals = new double[obs.size()];
        for (int i = 0; i < obs.size(); i++) {
            List<Observation> others = new ArrayList<>(obs);
            Observation left = others.remove(i);
            FittedModel m = fit(others, effects);
            residuals[i] = left.logUtilization() - predictLog(m, left.conditions());
        }
        return residuals;
    }

    /** ln(utilization) the model predicts, with the relational prior for a family it has no run of. */
    static double predictLog(FittedModel m, Conditions c) {
        return m.logUtilization(logReference(m.intercepts(), c.family()), c);
    }

    public static EfficiencyProfiles derive(List<PublishedRun> runs) {
        return derive(runs, EfficiencyModel.DEFAULT_EFFECTS);
    }

    /** The profiles of every family: the fit on all runs, the band from its leave-one-out residuals. */
    public static EfficiencyProfiles derive(List<PublishedRun> runs, Set<Effect> effects) {
        List<Observation> obs = observations(runs);
        FittedModel model = fit(obs, effects);
        double[] residuals = leaveOneOutResiduals(obs, effects);
        double q10 = conformalLow(residuals);
        double q90 = conformalHigh(residuals);
        Map<AcceleratorFamily, List<String>> ids = new EnumMap<>(AcceleratorFamily.class);
        for (Observation o : obs) {
            ids.computeIfAbsent(o.conditions().family(), f -> new ArrayList<>()).add(o.run().id());
        }
        String band = String.format(Locale.ROOT, "p10-p90 from the leave-one-out residuals of %d published runs: the k-th"
                + " smallest and largest, k = floor(0.1 (n+1)) (ln measured/predicted %.3f .. %.3f)", obs.size(), q10, q90);
        Map<AcceleratorFamily, EfficiencyProfile> profiles = new EnumMap<>(AcceleratorFamily.class);
        for (AcceleratorFamily family : AcceleratorFamily.values()) {
            double ref = Math.exp(logReference(model.intercepts(), family));
            if (model.intercepts().containsKey(family)) {
                profiles.put(family, new EfficiencyProfile(family, ref, ref * Math.exp(q10), ref * Math.exp(q90),
                        "least-squares fit on ln(utilization) of published runs " + ids.get(family)
                                + " with the shared effects " + model.coefficients().keySet() + " (docs/method/compute.md)",
                        band, ids.get(family)));
            } else {
                profiles.put(family, new EfficiencyProfile(family, ref, ref * Math.exp(q10 * PRIOR_BAND_WIDENING),
                        ref * Math.exp(q90 * PRIOR_BAND_WIDENING), "prior: " + priorDerivation(family),
                        band + ", widened x" + PRIOR_BAND_WIDENING + " as no published run calibrates it", List.of()));
            }
        }
        return new EfficiencyProfiles(profiles, model);
    }

    /** ln(reference utilization) of a family: fitted, else a documented relation to a fitted family. */
    static double logReference(Map<AcceleratorFamily, Double> fitted, AcceleratorFamily family) {
        Double v = fitted.get(family);
        if (v != null) {
            return v;
        }
        double hopper = fitted.getOrDefault(AcceleratorFamily.HOPPER, Math.log(0.37));
        double ampere = fitted.getOrDefault(AcceleratorFamily.AMPERE, Math.log(0.45));
        return switch (family) {
            case BLACKWELL -> hopper;
            case AMD_CDNA3 -> hopper + Math.log(0.65);
            case ASCEND -> ampere + Math.log(0.8);
            case AMPERE -> Math.log(0.45);
            case HOPPER -> Math.log(0.37);
            case VOLTA -> Math.log(0.21);
            case TPU -> Math.log(0.30);
            case OTHER -> {
                List<Double> all = new ArrayList<>(fitted.values());
                yield all.isEmpty() ? FAMILY_PRIOR_MEAN : median(all);
            }
        };
    }

    static String priorDerivation(AcceleratorFamily family) {
        return switch (family) {
            case BLACKWELL -> "= Hopper: MLPerf Training v5.0 (2025) B200 systems are ~2.2-2.5x faster per GPU than H100 for 2.25x"
                    + " the BF16 peak, i.e. the same share of peak";
            case AMD_CDNA3 -> "0.65 x Hopper: SemiAnalysis 'MI300X vs H100 vs H200 training benchmark' (Dec 2024) measured MI300X"
                    + " below H100 in achieved TFLOP/s despite a 1.32x higher BF16 peak (software maturity, collectives)";
            case ASCEND -> "0.8 x Ampere (low confidence): Huawei reports large dense runs on Ascend 910B clusters (Pangu Ultra,"
                    + " 2025) at ~50% MFU steady state, comparable to A100; 0.8 for a younger software stack";
            case AMPERE -> "Narayanan et al. 2021: 44-52% of peak steady state on A100";
            case HOPPER -> "Llama 3 405B: 38-43% BF16 MFU (Dubey et al. 2024)";
            case VOLTA -> "GPT-3 175B on V100: 21.3% MFU (PaLM paper, Table 3)";
            case TPU -> "PaLM 540B and Gopher: ~30% of peak over the whole run";
            case OTHER -> "median of the fitted families' reference utilization";
        };
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /**
     * The p10 and p90 of a new run's residual from n leave-one-out residuals: the k-th smallest and k-th largest with
     * k = floor(0.1 (n + 1)) (at least 1). For exchangeable runs a new one falls between them with probability at least
     * 1 - 2k/(n+1), about 80% (the split-conformal / jackknife rule); interpolated sample percentiles cover less than
     * 80% at these sample sizes.
     */
    static double conformalLow(double[] residuals) {
        if (residuals.length == 0) {
            return 0;
        }
        double[] sorted = residuals.clone();
        java.util.Arrays.sort(sorted);
        return sorted[conformalRank(sorted.length) - 1];
    }

    static double conformalHigh(double[] residuals) {
        if (residuals.length == 0) {
            return 0;
        }
        double[] sorted = residuals.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length - conformalRank(sorted.length)];
    }

    static int conformalRank(int n) {
        return Math.max(1, Math.min((n + 1) / 2, (int) Math.floor(0.1 * (n + 1))));
    }

    /** Quantile with linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Gaussian elimination with partial pivoting; the prior makes the matrix positive definite. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
