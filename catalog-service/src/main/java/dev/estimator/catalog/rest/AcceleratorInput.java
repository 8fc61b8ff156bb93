package dev.estimator.catalog.rest;

import dev.estimator.catalog.domain.Accelerator;

/** Body of POST /accelerators and PUT /accelerators/{id}. Peaks are dense TFLOPS (TOPS for int8). */
public record AcceleratorInput(String id, String vendor, String name, Integer year, Double fp32Tflops, Double tf32Tflops,
        Double bf16Tflops, Double fp16Tflops, Double fp8Tflops, Double int8Tops, Double memoryGb, Double bandwidthTbps,
        Double interconnectGbps, Double tdpWatts, Double unitPriceUsd, String notes, String source) {

    /** 1e5 TFLOPS = 100 PFLOPS per chip: two orders of magnitude above any shipping accelerator. */
    static final double MAX_TFLOPS = 1e5;

    void validate(boolean idRequired) {
        FieldChecks c = new FieldChecks();
        c.slug("id", id, idRequired);
        c.text("vendor", vendor, true, 100);
        c.text("name", name, true, 200);
        c.range("year", year, 1990, 2100);
        c.positive("fp32Tflops", fp32Tflops, MAX_TFLOPS, false);
        c.positive("tf32Tflops", tf32Tflops, MAX_TFLOPS, false);
        c.positive("bf16Tflops", bf16Tflops, MAX_TFLOPS, false);
        c.positive("fp16Tflops", fp16Tflops, MAX_TFLOPS, false);
        c.positive("fp8Tflops", fp8Tflops, MAX_TFLOPS, false);
        c.positive("int8Tops", int8Tops, MAX_TFLOPS, false);
        if (fp32Tflops == null && tf32Tflops == null && bf16Tflops == null && fp16Tflops == null && fp8Tflops == null
                && int8Tops == null) {
            c.add("bf16Tflops", "at least one peak (fp32Tflops, tf32Tflops, bf16Tflops, fp16Tflops, fp8Tflops, int8Tops) is required");
        }
        c.positive("memoryGb", memoryGb, 1e5, true);
        c.positive("bandwidthTbps", bandwidthTbps, 1e3, false);
        c.positive("interconnectGbps", interconnectGbps, 1e5, false);
        c.positive("tdpWatts", tdpWatts, 1e5, false);
        c.positive("unitPriceUsd", unitPriceUsd, 1e8, false);
        c.text("notes", notes, false, 2000);
        c.text("source", source, true, 2000);
        c.throwIfAny();
    }

    void applyTo(Accelerator a) {
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
    }
}
