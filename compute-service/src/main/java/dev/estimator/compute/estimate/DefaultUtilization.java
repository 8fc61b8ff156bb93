package dev.estimator.compute.estimate;

/**
 * Default model FLOPs utilization per accelerator family, used when the scenario gives none.
 * Walking-skeleton values from public runs; the calibrated efficiency profiles replace them.
 */
public final class DefaultUtilization {

    private DefaultUtilization() {
    }

    public static double forAccelerator(String acceleratorId) {
        if (acceleratorId.startsWith("nvidia-v100")) {
            return 0.213; // GPT-3 175B on V100: MFU 21.3% (PaLM paper, Table 3)
        }
        if (acceleratorId.startsWith("nvidia-a100")) {
            return 0.40;
        }
        return 0.35;
    }
}
