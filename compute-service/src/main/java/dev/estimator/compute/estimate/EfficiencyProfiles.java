package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The profile of each accelerator family, and the default utilization of a scenario. */
public final class EfficiencyProfiles {

    private static volatile EfficiencyProfiles bundled;

    private final Map<AcceleratorFamily, EfficiencyProfile> byFamily;

    public EfficiencyProfiles(Map<AcceleratorFamily, EfficiencyProfile> byFamily) {
        this.byFamily = new EnumMap<>(byFamily);
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

    /**
     * Default effective utilization relative to the 16-bit dense peak (FP8 gain included when {@code fp8}).
     */
    public double utilization16(AcceleratorFamily family, double sizeParameters, int count, boolean moe, boolean fp8) {
        return of(family).referenceUtilization() * EfficiencyModel.adjustment(sizeParameters, count, moe, fp8);
    }
}
