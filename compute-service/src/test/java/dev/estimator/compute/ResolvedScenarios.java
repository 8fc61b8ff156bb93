package dev.estimator.compute;

/** scenarios.resolved values as catalog-service emits them, for tests. */
public final class ResolvedScenarios {

    private ResolvedScenarios() {
    }

    /** GPT-3 175B on 10,000 V100s with the user's utilization (as catalog-service resolves it). */
    public static String gpt3(String id, double utilization) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "resolvedAt": "2026-11-28T10:00:01Z",
                 "model": {"architecture": "dense", "parameters": 174.6e9, "activeParameters": 174.6e9},
                 "training": {"tokens": 3.0e11, "epochs": 1, "precision": "fp16", "utilization": %s},
                 "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000, "precision": "fp16", "peakFlops": 125e12,
                              "memoryGb": 32, "tdpWatts": 300},
                 "pricing": {"provider": "azure"}}
                """.formatted(id, utilization);
    }

    /** LLaMA-65B as published (LLaMA paper): 1.4T tokens on 2,048 A100-80GB, no utilization given. */
    public static String llama65b(String id, int count) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "resolvedAt": "2026-11-28T10:00:01Z",
                 "model": {"ref": "llama-65b", "architecture": "dense", "parameters": 65.2e9, "activeParameters": 65.2e9,
                           "layers": 80, "hiddenSize": 8192, "heads": 64, "kvHeads": 64, "contextLength": 2048},
                 "training": {"tokens": 1.4e12, "epochs": 1, "precision": "bf16"},
                 "hardware": {"accelerator": "nvidia-a100-80gb", "count": %d, "precision": "bf16", "peakFlops": 312e12,
                              "peakFlopsByPrecision": {"bf16": 312e12, "fp16": 312e12, "tf32": 156e12},
                              "memoryGb": 80, "bandwidthTbps": 2.039, "tdpWatts": 400},
                 "pricing": {"provider": "aws", "region": "us-east-1"},
                 "serving": {"tokensPerDay": 1.0e10, "months": 12}}
                """.formatted(id, count);
    }
}
