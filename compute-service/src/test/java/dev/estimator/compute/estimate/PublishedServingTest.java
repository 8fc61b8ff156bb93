package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The serving roofline against published serving throughput and first-token latency at the publisher's own tensor
 * parallelism and batch (docs/reference/serving.md has the sources; compute-service/README.md the errors). Throughput on
 * one accelerator (no all-reduce, which the method leaves out) must be within a factor of two, which a broken formula
 * (a KV term off by the head count, prefill charged every step, weights read per sequence) would leave. The first token
 * of a short prompt is dominated by fixed per-kernel costs the roofline leaves out, so there the roofline must be a
 * lower bound (and not absurdly so: above a fifth).
 */
class PublishedServingTest {

    static final AcceleratorSpec H200 = new AcceleratorSpec("nvidia-h200", Map.of("bf16", 989.4e12, "fp8", 1978.9e12), 141,
            4.8, 700);
    static final AcceleratorSpec H100 = new AcceleratorSpec("nvidia-h100-sxm", Map.of("bf16", 989.4e12, "fp8", 1978.9e12), 80,
            3.35, 700);
    static final AcceleratorSpec A100 = new AcceleratorSpec("nvidia-a100-80gb", Map.of("bf16", 312e12, "fp16", 312e12), 80,
            2.039, 400);

    static Map<String, AcceleratorSpec> ACCELERATORS = Map.of("h200", H200, "h100", H100, "a100", A100);

    /** Shapes from the models' published configs: parameters, layers, d, heads, kvHeads. */
    static Object[] model(String name) {
        return switch (name) {
            case "llama-2-70b" -> new Object[] { 69e9, new ModelShape(80, 8192, 64, 8, 4096) };
            case "llama-2-13b" -> new Object[] { 13e9, new ModelShape(40, 5120, 40, 40, 4096) };
            case "gpt-j-6b" -> new Object[] { 6.05e9, new ModelShape(28, 4096, 16, 16, 2048) };
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} on {1} {2}, TP{3} batch {4}, {5}/{6}: {7} tok/s per GPU")
    @CsvSource({
            // TensorRT-LLM v0.5.0, H200launch.md (FP8, output tokens/s per GPU)
            "llama-2-70b, h200, fp8, 1, 512, 128, 128, 3014",
            "llama-2-70b, h200, fp8, 1, 32, 2048, 128, 303",
            "llama-2-13b, h200, fp8, 1, 1024, 128, 128, 11819",
            "llama-2-13b, h200, fp8, 1, 128, 128, 2048, 4750",
            "llama-2-13b, h200, fp8, 1, 64, 2048, 128, 1349",
            // TensorRT-LLM v0.5.0, H100vsA100.md (TP1, batch 64, 128/128)
            "gpt-j-6b, h100, fp8, 1, 64, 128, 128, 10907",
            "gpt-j-6b, a100, fp16, 1, 64, 128, 128, 3679" })
    void throughputAtThePublishedConfigurationIsWithinAFactorOfTwo(String name, String acc, String precision, int tp,
            int batch, int input, int output, double published) {
        Object[] m = model(name);
        double n = (double) m[0];
        ModelShape shape = (ModelShape) m[1];
        var est = ServingEstimator.at(n, n, shape, Attention.of(null, shape, null, null, null),
                new ServingEstimator.Request(ACCELERATORS.get(acc), precision, precision.equals("fp8") ? "fp8" : "fp16", input,
                        output, 0, 0, 0, null, null, 0), tp, batch);
        double error = est.tokensPerSecondPerAccelerator() / published - 1;
        System.out.printf(Locale.ROOT, "SERVING %s %s TP%d B%d %d/%d: estimated %.0f, published %.0f, error %+.0f%%, TPOT %.1f ms%n",
                name, acc, tp, batch, input, output, est.tokensPerSecondPerAccelerator(), published, 100 * error, est.tpotMs());
        assertTrue(Math.abs(Math.log(est.tokensPerSecondPerAccelerator() / published)) < Math.log(2),
                () -> String.format(Locale.ROOT, "%.0f vs published %.0f", est.tokensPerSecondPerAccelerator(), published));
    }

    @ParameterizedTest(name = "{0} on {1}: first token of {2} tokens in {3} ms")
    @CsvSource({
            // TensorRT-LLM v0.5.0, H100vsA100.md: batch 1, 128 input tokens
            "gpt-j-6b, h100, fp8, 128, 7.1",
            "gpt-j-6b, a100, fp16, 128, 12.5" })
    void firstTokenLatencyIsALowerBound(String name, String acc, String precision, int input, double published) {
        Object[] m = model(name);
        double n = (double) m[0];
        ModelShape shape = (ModelShape) m[1];
        var est = ServingEstimator.at(n, n, shape, Attention.of(null, shape, null, null, null),
                new ServingEstimator.Request(ACCELERATORS.get(acc), precision, "fp16", input, 1, 0, 0, 0, null, null, 0), 1, 1);
        System.out.printf(Locale.ROOT, "SERVING TTFT %s %s %d: estimated %.1f ms, published %.1f ms, error %+.0f%%%n", name, acc,
                input, est.ttftMs(), published, 100 * (est.ttftMs() / published - 1));
        assertTrue(est.ttftMs() <= published && est.ttftMs() > published / 5,
                () -> String.format(Locale.ROOT, "%.1f ms vs published %.1f ms", est.ttftMs(), published));
    }
}
