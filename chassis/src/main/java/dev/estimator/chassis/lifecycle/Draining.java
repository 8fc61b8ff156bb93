package dev.estimator.chassis.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Graceful stop of a service's consumers. On SIGTERM, ahead of the default shutdown observers (so before the database
 * pool and the Kafka clients close): no new batch starts, a batch waiting out an outage gives up ({@link HandedBack}),
 * and the batches in flight get {@code estimator.drain-timeout} to commit. Whatever does not commit is read again by
 * the next consumer; nothing is lost and nothing is dead-lettered because the service stopped.
 */
@ApplicationScoped
public class Draining {

    @ConfigProperty(name = "estimator.drain-timeout", defaultValue = "10s")
    Duration drainTimeout;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    public boolean isStopping() {
        return stopping.get();
    }

    /** Runs a unit of work counted as in flight, or hands it back at once if the service is stopping. */
    public <T> Uni<T> track(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (stopping.get()) {
                return Uni.createFrom().failure(new HandedBack("Stopping: work left for the next consumer"));
            }
            inFlight.incrementAndGet();
            return work.get().onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    /** Fails with {@link HandedBack} if the service is stopping: called between retries of a unit of work. */
    public void checkNotStopping() {
        if (stopping.get()) {
            throw new HandedBack("Stopping: work left for the next consumer");
        }
    }

    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        stopping.set(true);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
