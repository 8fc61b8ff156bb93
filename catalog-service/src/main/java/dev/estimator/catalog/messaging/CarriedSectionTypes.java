package dev.estimator.catalog.messaging;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.event.UnparseableEventException;
import dev.estimator.chassis.kafka.SectionTypeCheck;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The JSON types of the sections the catalog carries through without reading them (pricing, serving, programme),
 * checked against the published schema of {@code scenarios.submitted} (packaged as
 * {@code events/scenarios.submitted.schema.json}). The gateway only publishes scenarios of that shape, but anything may
 * be produced onto the topic, and a currency that is an object would otherwise be dead-lettered by cost-service, two
 * topics downstream of its cause.
 */
@ApplicationScoped
public class CarriedSectionTypes {

    static final String SCHEMA = "events/scenarios.submitted.schema.json";

    private final ObjectMapper json;
    private final SectionTypeCheck check = SectionTypeCheck.of(SCHEMA, Set.of("pricing", "serving", "programme"));

    CarriedSectionTypes(ObjectMapper json) {
        this.json = json;
    }

    /** @throws UnparseableEventException naming the values of the wrong type */
    void check(ScenarioSubmitted submitted) {
        // An absent section is set as a null one, which the check skips.
        var node = json.createObjectNode();
        node.set("pricing", submitted.pricing());
        node.set("serving", submitted.serving());
        node.set("programme", submitted.programme());
        check.problem(node).ifPresent(problem -> {
            throw new UnparseableEventException("Not a scenario: a section carried through has a value of the wrong type (" + problem + ")",
                    null);
        });
    }
}
