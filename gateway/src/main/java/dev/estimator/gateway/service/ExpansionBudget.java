package dev.estimator.gateway.service;

import java.util.concurrent.atomic.AtomicLong;

import dev.estimator.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The bytes of sweeps being expanded and stored on this replica at once, at most
 * {@code gateway.sweeps.max-expanded-bytes-in-flight}: each client's rate limit bounds what one client expands, this
 * bounds what all of them expand together, so many clients sending their largest sweep at the same moment cannot
 * exhaust the heap. A sweep is always let through when nothing else is in flight, so one larger than the budget is not
 * refused forever.
 */
@ApplicationScoped
public class ExpansionBudget {

    @Inject
    GatewayConfig.Sweeps config;

    private final AtomicLong inFlight = new AtomicLong();

    /** Takes {@code bytes} of the budget, or returns false (nothing taken) if they do not fit now. */
    public boolean tryTake(long bytes) {
        long max = config.maxExpandedBytesInFlight().asLongValue();
        while (true) {
            long current = inFlight.get();
            if (current > 0 && current + bytes > max) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    public long inFlight() {
        return inFlight.get();
    }
}
