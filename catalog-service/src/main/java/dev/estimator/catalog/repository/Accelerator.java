package dev.estimator.catalog.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/**
 * An accelerator (GPU/TPU/NPU) with its dense peak throughput per precision. Peak figures are dense
 * (no 2:4 sparsity), in TFLOPS (TOPS for int8); a null means the precision is not supported or not published.
 */
@Entity
public class Accelerator extends CatalogEntity {

    public String vendor;
    public String name;
    public Integer year;
    // Explicit names: the naming strategy puts no underscore after a digit (fp32Tflops -> fp32tflops).
    @Column(name = "fp32_tflops") public Double fp32Tflops;
    @Column(name = "tf32_tflops") public Double tf32Tflops;
    @Column(name = "bf16_tflops") public Double bf16Tflops;
    @Column(name = "fp16_tflops") public Double fp16Tflops;
    @Column(name = "fp8_tflops") public Double fp8Tflops;
    @Column(name = "int8_tops") public Double int8Tops;
    public Double memoryGb;
    public Double bandwidthTbps;
    public Double interconnectGbps;
    public Double tdpWatts;
    public Double unitPriceUsd;
    public String notes;

    /** Dense peak in FLOP/s for a precision name, or null when the accelerator lacks it. */
    public Double peakFlops(String precision) {
        Double tflops = switch (precision) {
            case "fp32" -> fp32Tflops;
            case "tf32" -> tf32Tflops;
            case "bf16" -> bf16Tflops;
            case "fp16" -> fp16Tflops;
            case "fp8" -> fp8Tflops;
            case "int8" -> int8Tops;
            default -> null;
        };
        return tflops == null ? null : tflops * 1e12;
    }
}
