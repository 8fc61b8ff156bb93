package dev.estimator.compute.estimate;

import java.util.Locale;

/**
 * Accelerator generations that share an efficiency profile: runs on one family reach similar
 * model FLOPs utilization because they share memory hierarchy, interconnect generation and software.
 */
public enum AcceleratorFamily {
    VOLTA, AMPERE, HOPPER, BLACKWELL, AMD_CDNA3, ASCEND, TPU, OTHER;

    /** The family of a catalog accelerator id such as {@code nvidia-h800} or {@code google-tpu-v4}. */
    public static AcceleratorFamily of(String acceleratorId) {
        if (acceleratorId == null) {
            return OTHER;
        }
        String id = acceleratorId.toLowerCase(Locale.ROOT);
        if (id.contains("v100")) {
            return VOLTA;
        }
        if (id.contains("a100") || id.contains("a800") || id.contains("a40") || id.contains("a30")) {
            return AMPERE;
        }
        if (id.contains("h100") || id.contains("h800") || id.contains("h200") || id.contains("h20") || id.contains("gh200")) {
            return HOPPER;
        }
        if (id.contains("b200") || id.contains("b100") || id.contains("gb200") || id.contains("b300")) {
            return BLACKWELL;
        }
        if (id.contains("mi300") || id.contains("mi325")) {
            return AMD_CDNA3;
        }
        if (id.contains("ascend")) {
            return ASCEND;
        }
        if (id.contains("tpu")) {
            return TPU;
        }
        return OTHER;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
