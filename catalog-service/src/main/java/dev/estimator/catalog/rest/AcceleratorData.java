package dev.estimator.catalog.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.chassis.error.InvalidInputException.Violation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An accelerator: the body of POST /accelerators and PUT /accelerators/{id}, and what GET answers. Peaks are dense
 * (no 2:4 sparsity) TFLOPS, TOPS for int8; null = not supported or not published. 1e5 TFLOPS (100 PFLOPS per chip)
 * is two orders of magnitude above any shipping accelerator.
 */
@Schema(name = "Accelerator", description = "A GPU, TPU or NPU with its dense peak throughput per precision")
@Consistent
public record AcceleratorData(
        @Schema(description = "Lowercase slug; required on POST, taken from the path on PUT", example = "nvidia-h100-sxm")
        @NotBlank(groups = OnCreate.class) @Pattern(regexp = ModelData.SLUG, message = ModelData.SLUG_MESSAGE) String id,
        @NotBlank @Size(max = 100) String vendor,
        @NotBlank @Size(max = 200) String name,
        @Min(1990) @Max(2100) Integer year,
        @Positive @DecimalMax("1e5") Double fp32Tflops,
        @Positive @DecimalMax("1e5") Double tf32Tflops,
        @Positive @DecimalMax("1e5") Double bf16Tflops,
        @Positive @DecimalMax("1e5") Double fp16Tflops,
        @Positive @DecimalMax("1e5") Double fp8Tflops,
        @Positive @DecimalMax("1e5") Double int8Tops,
        @NotNull @Positive @DecimalMax("1e5") Double memoryGb,
        @Schema(description = "Memory bandwidth, TB/s") @Positive @DecimalMax("1e3") Double bandwidthTbps,
        @Schema(description = "Interconnect bandwidth per chip, GB/s") @Positive @DecimalMax("1e5") Double interconnectGbps,
        @Positive @DecimalMax("1e5") Double tdpWatts,
        @Positive @DecimalMax("1e8") Double unitPriceUsd,
        @Size(max = 2000) String notes,
        @NotBlank @Size(max = 2000) String source) implements Consistent.Checked {

    @Override
    public List<Violation> inconsistencies() {
        if (fp32Tflops == null && tf32Tflops == null && bf16Tflops == null && fp16Tflops == null && fp8Tflops == null
                && int8Tops == null) {
            return List.of(new Violation("bf16Tflops",
                    "at least one peak (fp32Tflops, tf32Tflops, bf16Tflops, fp16Tflops, fp8Tflops, int8Tops) is required"));
        }
        return List.of();
    }

    static AcceleratorData of(Accelerator a) {
        return new AcceleratorData(a.id, a.vendor, a.name, a.year, a.fp32Tflops, a.tf32Tflops, a.bf16Tflops, a.fp16Tflops,
                a.fp8Tflops, a.int8Tops, a.memoryGb, a.bandwidthTbps, a.interconnectGbps, a.tdpWatts, a.unitPriceUsd, a.notes,
                a.source);
    }

    Accelerator toEntity() {
        Accelerator a = new Accelerator();
        a.id = id;
        a.vendor = vendor;
        a.name = name;
        a.year = year;
        a.fp32Tflops = fp32Tflops;
        a.tf32Tflops = tf32Tflops;
        a.bf16Tflops = bf16Tflops;
        a.fp16Tflops = fp16Tflops;
        a.fp8Tflops = fp8Tflops;
        a.int8Tops = int8Tops;
        a.memoryGb = memoryGb;
        a.bandwidthTbps = bandwidthTbps;
        a.interconnectGbps = interconnectGbps;
        a.tdpWatts = tdpWatts;
        a.unitPriceUsd = unitPriceUsd;
        a.notes = notes;
        a.source = source;
        return a;
    }
}
