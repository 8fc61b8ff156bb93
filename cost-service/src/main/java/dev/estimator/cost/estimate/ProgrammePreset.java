package dev.estimator.cost.estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The programme around the final run for the kinds of organization the seed report names: a big-tech frontier
 * programme (Baidu, Alibaba, Tencent: above $200M) and an efficient startup (Kimi, DeepSeek: $30-60M). A preset sets
 * the experiment multiplier, the data cost and the staff cost (as a share of the development cost); a request's
 * explicit values win over its preset's. Every figure and its source: docs/method/cost.md, "Programme presets".
 *
 * @param id                    the value of {@code programme.preset}
 * @param experimentMultiplier  compute of experiments and failed runs per unit of final-run compute
 * @param dataCostUsd           data acquisition and labelling, USD
 * @param staffShare            R&D staff as a share of the development cost (final run + experiments + data + staff)
 * @param source                where the figures come from
 */
public record ProgrammePreset(String id, double experimentMultiplier, double dataCostUsd, double staffShare, String source) {

    /**
     * Final training runs were about 10% of OpenAI's 2024 R&D compute (about $0.5B of $5B) and 10-30% at the Chinese
     * start-ups MiniMax and Z.ai (Epoch AI's reading of their IPO filings): total/final = 10 for a frontier lab, 5 at
     * the start-ups' midpoint (20%). R&D staff were 29-49% of the development cost of GPT-4 and Gemini Ultra (Cottier
     * et al., Epoch AI, arXiv:2405.21015): the big-tech preset takes the upper end, the start-up the lower. Data: a
     * frontier lab's licensing, e.g. Google's reported Reddit deal of about $60M a year (Reuters, 2024-02-22); the
     * start-ups publish no data purchase (DeepSeek-V3's report names none), so 0.
     */
    public static final Map<String, ProgrammePreset> ALL;

    static {
        Map<String, ProgrammePreset> all = new LinkedHashMap<>();
        all.put("big-tech-frontier", new ProgrammePreset("big-tech-frontier", 9, 60e6, 0.49,
                "experiments: final runs ~10% of R&D compute at a frontier lab (OpenAI 2024, Epoch AI); data: Reddit-Google "
                        + "licensing ~$60M/year (Reuters 2024-02-22); staff: 49% of development cost (upper end of 29-49%, "
                        + "Cottier et al. 2024, arXiv:2405.21015)"));
        all.put("efficient-startup", new ProgrammePreset("efficient-startup", 4, 0, 0.29,
                "experiments: final runs 10-30% of R&D compute at MiniMax and Z.ai (Epoch AI, IPO filings), midpoint 20%; "
                        + "data: none published (0); staff: 29% of development cost (lower end of 29-49%, Cottier et al. "
                        + "2024, arXiv:2405.21015)"));
        ALL = Map.copyOf(all);
    }

    public static String ids() {
        return "big-tech-frontier, efficient-startup";
    }
}
