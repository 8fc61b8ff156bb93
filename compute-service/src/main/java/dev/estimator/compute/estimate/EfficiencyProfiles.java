package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.estimator.compute.estimate.EfficiencyModel.Conditions;

/** The profile of each accelerator family and the fitted effects: the default utilization of a scenario. */
public final class EfficiencyProfiles {

    private static volatile EfficiencyProfiles bundled;

    private final Map<AcceleratorFamily, EfficiencyProfile> byFamily;
    private final ProfileCalibration.FittedModel model;

    /** Profiles with the fitted effects of {@code model}; each family's intercept is its profile's reference utilization. */
    public EfficiencyProfiles(Map<AcceleratorFamily, EfficiencyProfile> byFamily, ProfileCalibration.FittedModel model) {
        this.byFamily = new EnumMap<>(byFamily);
        this.model = model;
    }

    /** Profiles derived from the runs bundled with the service (docs/reference/published-runs.csv). */
    public static EfficiencyProfiles bundled() {
        EfficiencyProfiles p = bundled;
        if (p == null) {
            synchronized (EfficiencyProfiles.class) {
                p = bundled;
                if (p == null) {
                    p = ProfileCalibration.derive(PublishedRun.bundled());
                    bundled = p;
                }
            }
        }
        return p;
    }

    public EfficiencyProfile of(AcceleratorFamily family) {
        EfficiencyProfile p = byFamily.get(family);
        return p != null ? p : byFamily.get(AcceleratorFamily.OTHER);
    }

    public List<EfficiencyProfile> all() {
        return new ArrayList<>(byFamily.values());
    }

    public ProfileCalibration.FittedModel model() {
        return model;
    }

    /** Default effective utilization relative to the 16-bit dense peak (the FP8 effect included when {@code fp8}). */
    public double utilization16(Conditions c) {
        return Math.exp(model.logUtilization(Math.log(of(c.family()).referenceUtilization()), c));
    }

    /**
     * The same for a model of {@code sizeParameters} whose width and sequence length are not known (derived from the
     * size, and the default context) on the family's reference interconnect; {@code count} 0 when not known.
     */
    public double utilization16(AcceleratorFamily family, double sizeParameters, int count, boolean moe, boolean fp8) {
        return utilization16(new Conditions(family, sizeParameters, 0, 0, count, moe, fp8, false, 1));
    }
}
