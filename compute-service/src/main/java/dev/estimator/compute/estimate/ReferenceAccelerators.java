package dev.estimator.compute.estimate;

import java.util.Map;

/**
 * Specs of the accelerators that published runs used, for the backtest (the scenario path gets them from
 * the catalog in the resolved event). Dense (non-sparse) peaks from the vendors' datasheets.
 */
public final class ReferenceAccelerators {

    private ReferenceAccelerators() {
    }

    private static final Map<String, AcceleratorSpec> SPECS = Map.of(
            // NVIDIA V100 SXM2 datasheet: 125 TFLOPS tensor (fp16), 15.7 fp32, 900 GB/s, 300 W, NVLink 300 GB/s.
            "nvidia-v100-32gb", new AcceleratorSpec("nvidia-v100-32gb", Map.of("fp16", 125e12, "fp32", 15.7e12), 32, 0.9, 300, 300),
            // NVIDIA A100 datasheet: 312 TFLOPS bf16/fp16 dense, 156 tf32, 40 GB 1.555 TB/s or 80 GB 2.039 TB/s, 400 W, NVLink 600 GB/s.
            "nvidia-a100-40gb", new AcceleratorSpec("nvidia-a100-40gb",
                    Map.of("bf16", 312e12, "fp16", 312e12, "tf32", 156e12, "fp32", 19.5e12), 40, 1.555, 400, 600),
            "nvidia-a100-80gb", new AcceleratorSpec("nvidia-a100-80gb",
                    Map.of("bf16", 312e12, "fp16", 312e12, "tf32", 156e12, "fp32", 19.5e12), 80, 2.039, 400, 600),
            // NVIDIA H100 SXM datasheet: 989 TFLOPS bf16 dense, 1979 fp8 dense, 3.35 TB/s, 700 W, NVLink 900 GB/s.
            "nvidia-h100-sxm", new AcceleratorSpec("nvidia-h100-sxm",
                    Map.of("bf16", 989e12, "fp16", 989e12, "fp8", 1979e12, "tf32", 494.5e12, "fp32", 67e12), 80, 3.35, 700, 900),
            // H800: the export variant of H100 SXM with the same compute and a cut NVLink (400 GB/s).
            "nvidia-h800", new AcceleratorSpec("nvidia-h800",
                    Map.of("bf16", 989e12, "fp16", 989e12, "fp8", 1979e12, "tf32", 494.5e12, "fp32", 67e12), 80, 3.35, 700, 400),
            // Google TPU v4 (Jouppi et al. 2023): 275 TFLOPS bf16, 32 GiB HBM at 1.2 TB/s, ~192 W mean.
            "google-tpu-v4", new AcceleratorSpec("google-tpu-v4", Map.of("bf16", 275e12), 32, 1.2, 192),
            // Google TPU v3: 123 TFLOPS bf16 per chip, 32 GiB HBM at 0.9 TB/s, ~220 W (Gopher paper's hardware).
            "google-tpu-v3", new AcceleratorSpec("google-tpu-v3", Map.of("bf16", 123e12), 32, 0.9, 220));

    /** The ids of the accelerators published runs used. */
    public static java.util.Set<String> ids() {
        return SPECS.keySet();
    }

    /** The spec of a reference accelerator id, or null. */
    public static AcceleratorSpec get(String id) {
        return id == null ? null : SPECS.get(id);
    }
}
