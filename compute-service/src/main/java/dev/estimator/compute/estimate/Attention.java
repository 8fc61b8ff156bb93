package dev.estimator.compute.estimate;

import java.util.Locale;

/**
 * How a model's attention caches keys and values (docs/method/compute.md, Serving), which sets the KV cache per token:
 * <ul>
 * <li>MHA (Vaswani et al. 2017): every head keeps a key and a value, 2·L·heads·headDim values per token;</li>
 * <li>GQA (Ainslie et al. 2023): {@code kvHeads} groups share one key and value, 2·L·kvHeads·headDim;</li>
 * <li>MQA (Shazeer 2019): one key and value for all heads, 2·L·headDim;</li>
 * <li>MLA (DeepSeek-V2 paper, section 2.1.2 and Table 1; DeepSeek-V3 keeps it): one compressed latent of
 * {@code kvLoraRank} values plus the decoupled RoPE key of {@code qkRopeHeadDim} values per layer,
 * L·(kvLoraRank + qkRopeHeadDim). DeepSeek-V3: 61·(512 + 64) = 35,136 values, 70,272 bytes at bf16.</li>
 * </ul>
 *
 * @param variant       mha, gqa, mqa or mla
 * @param kvHeads       heads that keep a key and value (mha: all heads, mqa: 1)
 * @param headDim       key/value dimension per head
 * @param kvLoraRank    MLA's compressed KV dimension (0 otherwise)
 * @param qkRopeHeadDim MLA's decoupled RoPE key dimension (0 otherwise)
 */
public record Attention(String variant, int kvHeads, double headDim, int kvLoraRank, int qkRopeHeadDim) {

    public static final String MHA = "mha";
    public static final String GQA = "gqa";
    public static final String MQA = "mqa";
    public static final String MLA = "mla";

    /**
     * The attention a model's published fields describe. Without {@code attention}: MLA when a latent rank is given, else
     * GQA when kvHeads is fewer than the heads, MQA when it is 1, MHA otherwise (one KV head per attention head, which
     * overstates the cache of a GQA or MLA model whose catalog entry lacks these fields).
     */
    public static Attention of(String variant, ModelShape shape, Double headDim, Integer kvLoraRank, Integer qkRopeHeadDim) {
        int rank = kvLoraRank == null ? 0 : Math.max(0, kvLoraRank);
        int rope = qkRopeHeadDim == null ? 0 : Math.max(0, qkRopeHeadDim);
        double dim = headDim != null && headDim > 0 ? headDim : shape.headDim();
        String v = variant == null ? null : variant.toLowerCase(Locale.ROOT);
        if (v == null) {
            v = rank > 0 ? MLA : shape.kvHeads() == 1 && shape.heads() > 1 ? MQA : shape.kvHeads() < shape.heads() ? GQA : MHA;
        }
        int kv = switch (v) {
            case MHA -> shape.heads();
            case MQA -> 1;
            case MLA -> 0;
            default -> shape.kvHeads();
        };
        return new Attention(v, kv, dim, MLA.equals(v) ? rank : 0, MLA.equals(v) ? rope : 0);
    }

    /** Values cached per token per layer. */
    public double valuesPerTokenPerLayer() {
        return MLA.equals(variant) ? kvLoraRank + qkRopeHeadDim : 2.0 * kvHeads * headDim;
    }

    /** KV cache bytes per token of context over all layers. */
    public double kvBytesPerToken(int layers, double bytesPerValue) {
        return layers * valuesPerTokenPerLayer() * bytesPerValue;
    }
}
