package dev.estimator.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/** Reads are retried, creations never; 4xx passes through; a failing backend's circuit opens and costs nothing more. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class BackendsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Backends backends;

    static Supplier<Uni<Response>> refused(AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new ConnectException("Connection refused"));
        };
    }

    static Throwable failure(Uni<BackendReply> reply) {
        return reply.onItem().<Throwable>transform(r -> null).onFailure().recoverWithItem(e -> e).await().atMost(WAIT);
    }

    @Test
    void readsAreRetriedTwiceCreationsNeverAndAClientErrorIsAnAnswer() {
        AtomicInteger reads = new AtomicInteger();
        assertInstanceOf(ConnectException.class, failure(backends.catalogRead(refused(reads))));
        assertEquals(3, reads.get(), "one call and two retries");
        AtomicInteger creations = new AtomicInteger();
        assertInstanceOf(ConnectException.class, failure(backends.costCreate(refused(creations))));
        assertEquals(1, creations.get(), "a POST is not idempotent");
        AtomicInteger writes = new AtomicInteger();
        failure(backends.costWrite(refused(writes)));
        assertEquals(2, writes.get(), "PUT and DELETE: one retry");

        BackendReply notFound = backends.catalogRead(() -> Uni.createFrom().item(Response.status(404)
                .entity("{\"status\": 404}").type("application/problem+json").build())).await().atMost(WAIT);
        assertEquals(404, notFound.status());
        assertEquals("{\"status\": 404}", notFound.body());
    }

    @Test
    void aFailingBackendsCircuitOpensAndThenFailsFastWithoutCallingIt() {
        AtomicInteger calls = new AtomicInteger();
        Throwable last = null;
        for (int i = 0; i < 10 && !(last instanceof CircuitBreakerOpenException); i++) {
            last = failure(backends.computeRead(refused(calls)));
        }
        assertInstanceOf(CircuitBreakerOpenException.class, last, "after 10 failed calls the circuit is open");
        int before = calls.get();
        assertInstanceOf(CircuitBreakerOpenException.class, failure(backends.computeRead(refused(calls))));
        assertEquals(before, calls.get(), "an open circuit does not call the backend");
        assertTrue(before >= 10, "opened only after the request volume threshold: " + before);
    }
}
