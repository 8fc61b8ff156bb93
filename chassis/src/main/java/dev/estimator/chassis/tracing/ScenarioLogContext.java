package dev.estimator.chassis.tracing;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Makes a scenario's trace context current and puts its id in the log MDC, for the code that works on that one
 * scenario: every log line written meanwhile carries {@code traceId} (Quarkus puts the current span in the MDC) and
 * {@code scenarioId} (the services' {@code quarkus.log.console.format} prints both). Synchronous only: close it on the
 * thread that opened it, before anything else runs there.
 */
public final class ScenarioLogContext implements AutoCloseable {

    /** The MDC key of the scenario id, printed by the services' log format as {@code %X{scenarioId}}. */
    public static final String SCENARIO_ID = "scenarioId";

    /**
     * One DEBUG line per scenario per hop (sent by the gateway's relay, processed by a stage), written inside the
     * scenario's context: at DEBUG, a scenario's path through the services can be followed in their logs by its trace
     * id. Off (INFO) by default: a sweep is up to 10,000 scenarios.
     */
    public static final Logger TRAIL = Logger.getLogger("dev.estimator.chassis.tracing");

    private final Scope scope;
    private final Object previous;
    private final boolean set;

    private ScenarioLogContext(Context context, String scenarioId) {
        this.scope = context.makeCurrent();
        this.previous = MDC.get(SCENARIO_ID);
        this.set = scenarioId != null;
        if (set) {
            MDC.put(SCENARIO_ID, scenarioId);
        }
    }

    /** @param scenarioId null leaves the MDC as it is */
    public static ScenarioLogContext open(Context context, String scenarioId) {
        return new ScenarioLogContext(context, scenarioId);
    }

    @Override
    public void close() {
        if (set) {
            if (previous == null) {
                MDC.remove(SCENARIO_ID);
            } else {
                MDC.put(SCENARIO_ID, previous);
            }
        }
        scope.close();
    }
}
