package dev.estimator.gateway.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.gateway.repository.Sweep;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * The expansion of a sweep of the largest size the bounds let through, measured (docs/benchmarks/gateway.md), and
 * refused on the event loop.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class SweepExpansionMemoryTest {

    static final String BASE = """
            {"name": "bounds", "model": {"parameters": 7.0e10}, "training": {"tokens": 2.0e12},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}}""";

    @Inject
    SweepService sweeps;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    /**
     * The heap a sweep of the largest size takes while it is expanded (10,000 members, 16 MiB in all, so ~1.6 KB each):
     * the expansion's result held, measured after a full GC, as the numbers in docs/benchmarks/gateway.md.
     */
    @Test
    void theLargestSweepsExpansionFitsAKnownHeap() throws Exception {
        String base = BASE.replace("\"name\": \"bounds\"", "\"name\": \"" + "n".repeat(150) + "\"")
                .replace("\"model\": {\"parameters\": 7.0e10}", "\"model\": {\"parameters\": 7.0e10, \"components\": "
                        + "[{\"name\": \"" + "v".repeat(1_250) + "\", \"parameters\": 1.0e9}]}");
        ObjectNode tree = (ObjectNode) json.readTree(base);
        LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
        axes.put("hardware.count", IntStream.rangeClosed(1, 100).mapToObj(i -> (JsonNode) json.getNodeFactory().numberNode(i)).toList());
        axes.put("training.tokens", IntStream.rangeClosed(1, 100).mapToObj(i -> (JsonNode) json.getNodeFactory().numberNode(i * 1e11)).toList());
        long perMember = SweepService.bytesPerMember(json.writeValueAsString(tree), axes);
        Sweep sweep = new Sweep();
        sweep.id = UUID.randomUUID().toString();
        sweep.createdAt = java.time.Instant.now();
        long before = liveHeap();
        long start = System.nanoTime();
        SweepService.Prepared prepared = sweeps.build(sweep, tree, axes, null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long after = liveHeap();
        long retained = after - before;
        System.out.printf(Locale.ROOT, "SWEEP MEMORY: 10,000 members of %d B (%.1f MiB expanded): built in %d ms on a worker, "
                + "%.1f MiB of heap held by the expansion until it is stored%n", perMember, 10_000 * perMember / 1048576.0, millis,
                retained / 1048576.0);
        assertTrue(10_000 * perMember <= 16L * 1024 * 1024, "the largest size the bound lets through: " + perMember);
        assertTrue(retained < 160L * 1024 * 1024, "held heap " + retained);
        assertTrue(prepared.rows().size() == 10_000);
    }

    @Test
    void aSweepIsNeverExpandedOnTheEventLoop() {
        Sweep sweep = new Sweep();
        sweep.id = UUID.randomUUID().toString();
        sweep.createdAt = java.time.Instant.now();
        CompletableFuture<Object> result = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                result.complete(sweeps.build(sweep, json.createObjectNode(), new LinkedHashMap<>(), null));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        ExecutionException failed = assertThrows(ExecutionException.class, result::get);
        assertTrue(failed.getCause() instanceof IllegalStateException, failed.toString());
    }

    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
