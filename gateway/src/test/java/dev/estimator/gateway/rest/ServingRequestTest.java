package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue #17's request fields: serving on an accelerator of its own, request lengths, precisions, latency targets and a
 * load in requests per second; the model's KV cache layout. Accepted within their limits, refused beyond them naming
 * each field.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ServingRequestTest {

    @Test
    void servingFieldsAndTheKvLayoutAreAccepted() {
        as(TestTokens.analyst()).body("""
                {"name": "serve on h20", "model": {"parameters": 671e9, "activeParameters": 37e9, "architecture": "moe",
                   "layers": 61, "hiddenSize": 7168, "heads": 128, "attention": "mla", "kvLoraRank": 512, "qkRopeHeadDim": 64},
                 "training": {"tokens": 1.48e13, "precision": "fp8"},
                 "hardware": {"accelerator": "nvidia-h800", "count": 2048},
                 "serving": {"accelerator": "nvidia-h20", "requestsPerSecond": 20, "promptTokens": 2000, "outputTokens": 500,
                   "imagesPerRequest": 1, "precision": "int4", "kvCachePrecision": "fp8", "maxTtftMs": 2000, "maxTpotMs": 50,
                   "months": 12}}""").when().post("/api/v1/scenarios").then().statusCode(202);
    }

    @Test
    void servingFieldsBeyondTheirLimitsAreRefusedNamingEachField() {
        List<String> fields = as(TestTokens.analyst()).body("""
                {"model": {"parameters": 7e9, "attention": "sliding", "kvLoraRank": 0},
                 "training": {"tokens": 1e12}, "hardware": {"accelerator": "nvidia-h100-sxm", "count": 8},
                 "serving": {"accelerator": "Not A Slug", "requestsPerSecond": -1, "promptTokens": 1e8, "outputTokens": -5,
                   "precision": "fp4", "kvCachePrecision": "int4", "maxTtftMs": 0, "maxTpotMs": 1e9}}""")
                .when().post("/api/v1/scenarios").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field");
        assertEquals(List.of("model.attention", "model.kvLoraRank", "serving.accelerator", "serving.kvCachePrecision",
                "serving.maxTpotMs", "serving.maxTtftMs", "serving.outputTokens", "serving.precision", "serving.promptTokens",
                "serving.requestsPerSecond"), fields.stream().sorted().toList());
    }
}
