package dev.estimator.gateway.rest;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.estimator.gateway.service.ScenarioRequestBinder;

/**
 * Reads the bodies of the submission endpoints as the registry's binder reads sweep members: an undeclared field, a
 * number written as a string, or a fraction where a whole number belongs is a 400 naming the field, not coerced or
 * dropped. Only these endpoints: the gateway's other JSON (events, backend answers) keeps Jackson's lenient defaults,
 * since consumers must ignore fields they do not know (docs/events.md).
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        // Called once per endpoint: Quarkus caches the reader.
        ObjectMapper strict = ScenarioRequestBinder.strict(mapper);
        return strict.readerFor(strict.constructType(type));
    }
}
