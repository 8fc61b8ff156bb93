package dev.estimator.compute.estimate;

import java.util.Locale;
import java.util.Map;

/**
 * What the estimator needs to know about an accelerator: dense peak FLOP/s per precision, memory,
 * bandwidth and power.
 *
 * @param peakFlopsByPrecision dense peak FLOP/s per precision ({@code fp32, tf32, bf16, fp16, fp8, int8})
 * @param memoryGb             memory per accelerator, GB (1e9 bytes)
 * @param bandwidthTbps        memory bandwidth, TB/s
 * @param tdpWatts             board power (TDP), W
 * @param interconnectGbps     scale-up interconnect per accelerator (NVLink, ...), GB/s; 0 when not known
 */
public record AcceleratorSpec(String id, Map<String, Double> peakFlopsByPrecision, double memoryGb, double bandwidthTbps,
        double tdpWatts, double interconnectGbps) {

    /** A spec without interconnect figures (the utilization model then uses the family's reference interconnect). */
    public AcceleratorSpec(String id, Map<String, Double> peakFlopsByPrecision, double memoryGb, double bandwidthTbps,
            double tdpWatts) {
        this(id, peakFlopsByPrecision, memoryGb, bandwidthTbps, tdpWatts, 0);
    }

    public AcceleratorSpec {
        peakFlopsByPrecision = peakFlopsByPrecision == null ? Map.of() : Map.copyOf(peakFlopsByPrecision);
    }

    public AcceleratorFamily family() {
        return AcceleratorFamily.of(id);
    }

    /** Dense peak for a precision, or 0 when unknown. */
    public double peak(String precision) {
        if (precision == null) {
            return 0;
        }
        Double p = peakFlopsByPrecision.get(precision.toLowerCase(Locale.ROOT));
        return p == null ? 0 : p;
    }

    /**
     * The 16-bit tensor peak the efficiency profiles are calibrated against: bf16, else fp16.
     */
    public double peak16() {
        double bf16 = peak("bf16");
        return bf16 > 0 ? bf16 : peak("fp16");
    }
}
