package dev.estimator.chassis.retry;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code /q/health/ready} is DOWN while a stage waits for a dependency (see {@link PausedStages}). */
@Readiness
@ApplicationScoped
public class StagesReadinessCheck implements HealthCheck {

    @Inject
    PausedStages paused;

    @Override
    public HealthCheckResponse call() {
        return paused.health();
    }
}
