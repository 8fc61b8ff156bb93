package dev.estimator.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The backends behind the read proxies, with fault tolerance: a timeout per call, a couple of quick
 * retries for reads and idempotent writes (never for POST), and one circuit breaker per backend and
 * kind of call (reads; PUT/DELETE; POST), so a dead backend costs a fast 503 instead of a connect timeout per request.
 * 4xx answers are not failures: they are passed through. Every annotation value can be overridden in
 * configuration ({@code dev.estimator.gateway.client.Backends/catalogRead/Retry/maxRetries=...}).
 */
@ApplicationScoped
public class Backends {

    @Inject
    @RestClient
    CatalogClient catalog;

    @Inject
    @RestClient
    ComputeClient compute;

    @Inject
    @RestClient
    CostClient cost;

    public CatalogClient catalog() {
        return catalog;
    }

    public ComputeClient compute() {
        return compute;
    }

    public CostClient cost() {
        return cost;
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> catalogRead(Supplier<Uni<Response>> call) {
        return send("catalog-service", call);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> catalogWrite(Supplier<Uni<Response>> call) {
        return send("catalog-service", call);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> catalogCreate(Supplier<Uni<Response>> call) {
        return send("catalog-service", call);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> computeRead(Supplier<Uni<Response>> call) {
        return send("compute-service", call);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> costRead(Supplier<Uni<Response>> call) {
        return send("cost-service", call);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> costWrite(Supplier<Uni<Response>> call) {
        return send("cost-service", call);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    public Uni<BackendReply> costCreate(Supplier<Uni<Response>> call) {
        return send("cost-service", call);
    }

    private static Uni<BackendReply> send(String backend, Supplier<Uni<Response>> call) {
        return Uni.createFrom().deferred(call::get).map(response -> {
            if (response.getStatus() >= 500) {
                throw new BackendUnavailableException(backend, "answered " + response.getStatus(), null);
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            String type = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
            return new BackendReply(response.getStatus(), type, body, response.getHeaderString(HttpHeaders.LOCATION));
        });
    }
}
