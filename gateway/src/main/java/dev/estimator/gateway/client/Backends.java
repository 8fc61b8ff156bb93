package dev.estimator.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The backends behind the read proxies, with fault tolerance (SmallRye Fault Tolerance guards): a timeout per call, a
 * couple of quick retries for reads and idempotent writes (never for POST), and one circuit breaker per backend and
 * kind of call (reads; PUT/DELETE; POST), so a dead backend costs a fast 503 instead of a connect timeout per request.
 * 4xx answers are not failures: they are passed through. catalog-service and cost-service get the caller's token
 * ({@link ForwardedAuthorization}) and check role admin on edits themselves.
 */
@ApplicationScoped
public class Backends {

    private static final TypeLiteral<Uni<BackendReply>> REPLY = new TypeLiteral<>() {
    };

    /** The kinds of call, each with its own policy; a circuit breaker is per backend and kind. */
    enum Kind {
        /** Reads: short timeout, two quick retries. */
        READ(5, 2, 100, 50),
        /** PUT and DELETE are idempotent: one retry. */
        WRITE(10, 1, 200, 200),
        /** POST is not idempotent: never retried. */
        CREATE(10, 0, 0, 0);

        final int timeoutSeconds;
        final int retries;
        final long delayMillis;
        final long jitterMillis;

        Kind(int timeoutSeconds, int retries, long delayMillis, long jitterMillis) {
            this.timeoutSeconds = timeoutSeconds;
            this.retries = retries;
            this.delayMillis = delayMillis;
            this.jitterMillis = jitterMillis;
        }

        TypedGuard<Uni<BackendReply>> guard(String backend) {
            TypedGuard.Builder<Uni<BackendReply>> builder = TypedGuard.create(REPLY).withDescription(backend + " " + name())
                    .withTimeout().duration(timeoutSeconds, ChronoUnit.SECONDS).done()
                    .withCircuitBreaker().requestVolumeThreshold(10).failureRatio(0.5)
                    .delay(5, ChronoUnit.SECONDS).successThreshold(2).done();
            if (retries > 0) {
                builder.withRetry().maxRetries(retries).delay(delayMillis, ChronoUnit.MILLIS).jitter(jitterMillis, ChronoUnit.MILLIS)
                        .done();
            }
            return builder.build();
        }
    }

    private static final String CATALOG = "catalog-service";
    private static final String COMPUTE = "compute-service";
    private static final String COST = "cost-service";

    private TypedGuard<Uni<BackendReply>> catalogRead;
    private TypedGuard<Uni<BackendReply>> catalogWrite;
    private TypedGuard<Uni<BackendReply>> catalogCreate;
    private TypedGuard<Uni<BackendReply>> computeRead;
    private TypedGuard<Uni<BackendReply>> costRead;
    private TypedGuard<Uni<BackendReply>> costWrite;
    private TypedGuard<Uni<BackendReply>> costCreate;

    @Inject
    @RestClient
    CatalogClient catalog;

    @Inject
    @RestClient
    ComputeClient compute;

    @Inject
    @RestClient
    CostClient cost;

    /** In the bean, not its client proxy: each guard holds the state of one circuit breaker. */
    @PostConstruct
    void guards() {
        catalogRead = Kind.READ.guard(CATALOG);
        catalogWrite = Kind.WRITE.guard(CATALOG);
        catalogCreate = Kind.CREATE.guard(CATALOG);
        computeRead = Kind.READ.guard(COMPUTE);
        costRead = Kind.READ.guard(COST);
        costWrite = Kind.WRITE.guard(COST);
        costCreate = Kind.CREATE.guard(COST);
    }

    public CatalogClient catalog() {
        return catalog;
    }

    public ComputeClient compute() {
        return compute;
    }

    public CostClient cost() {
        return cost;
    }

    public Uni<BackendReply> catalogRead(Supplier<Uni<Response>> call) {
        return catalogRead.get(() -> send(CATALOG, call));
    }

    public Uni<BackendReply> catalogWrite(Supplier<Uni<Response>> call) {
        return catalogWrite.get(() -> send(CATALOG, call));
    }

    public Uni<BackendReply> catalogCreate(Supplier<Uni<Response>> call) {
        return catalogCreate.get(() -> send(CATALOG, call));
    }

    public Uni<BackendReply> computeRead(Supplier<Uni<Response>> call) {
        return computeRead.get(() -> send(COMPUTE, call));
    }

    public Uni<BackendReply> costRead(Supplier<Uni<Response>> call) {
        return costRead.get(() -> send(COST, call));
    }

    public Uni<BackendReply> costWrite(Supplier<Uni<Response>> call) {
        return costWrite.get(() -> send(COST, call));
    }

    public Uni<BackendReply> costCreate(Supplier<Uni<Response>> call) {
        return costCreate.get(() -> send(COST, call));
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
