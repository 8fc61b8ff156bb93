package dev.estimator.compute.estimate;

/**
 * Transformer dimensions. Unknown ones are derived from the parameter count with GPT-3's proportions
 * (Brown et al. 2020, Table 2.1: 175B has d = 12,288, L = 96 = d/128, head size 128): a dense transformer
 * has N ≈ 12·L·d², so with L = d/128, d ≈ cbrt(128·N/12). This reproduces GPT-3 175B (d ≈ 12,300, L ≈ 96).
 */
public record ModelShape(int layers, int hiddenSize, int heads, int kvHeads, int contextLength) {

    public static final int DEFAULT_CONTEXT = 2048;

    public static ModelShape of(double activeParameters, Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads,
            Integer contextLength) {
        int d = positive(hiddenSize) ? hiddenSize
                : (int) Math.max(64, Math.round(Math.cbrt(128.0 * activeParameters / 12.0)));
        int l = positive(layers) ? layers : (int) Math.max(1, Math.round(activeParameters / (12.0 * d * (double) d)));
        int h = positive(heads) ? heads : Math.max(1, d / 128);
        int kv = positive(kvHeads) ? kvHeads : h;
        int ctx = positive(contextLength) ? contextLength : DEFAULT_CONTEXT;
        return new ModelShape(l, d, h, kv, ctx);
    }

    public double headDim() {
        return (double) hiddenSize / heads;
    }

    private static boolean positive(Integer v) {
        return v != null && v > 0;
    }
}
