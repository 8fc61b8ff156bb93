package dev.estimator.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.estimator.chassis.rest.Problem.FieldError;
import dev.estimator.gateway.rest.ScenarioRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * Binds scenario requests that do not arrive as a REST body of their own, i.e. sweep members (the base with one
 * combination of the varied values), exactly as the REST layer binds {@code POST /api/v1/scenarios}: the same strict
 * JSON binding and the same Bean Validation constraints of {@link ScenarioRequest} (the one set of limits). Also the
 * canonical text and hash that idempotency keys and the registry compare. The catalog checks references (model and
 * accelerator ids) later and rejects through {@code scenarios.rejected}.
 */
@ApplicationScoped
public class ScenarioRequestBinder {

    /** Request paths a sweep may vary: the scalar leaves of the request ({@code hardware.count}; not lists). */
    public static final Set<String> VARIABLE_PATHS = scalarPaths("", ScenarioRequest.class);

    static Set<String> scalarPaths(String prefix, Class<?> record) {
        Set<String> paths = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = component.getType();
            if (type.isRecord()) {
                paths.addAll(scalarPaths(prefix + component.getName() + ".", type));
            } else if (!Collection.class.isAssignableFrom(type)) {
                paths.add(prefix + component.getName());
            }
        }
        return Collections.unmodifiableSet(paths);
    }

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    private ObjectMapper strict;

    @PostConstruct
    void init() {
        strict = strict(json);
    }

    /**
     * A copy of {@code mapper} that binds requests strictly. Numbers are plain JSON numbers (docs/events.md): "3e11" as
     * a string or 1.5 accelerators are mistakes to report, not to coerce, and a field the request does not declare is
     * refused rather than silently dropped.
     */
    public static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] { LogicalType.Textual, LogicalType.Boolean }) {
            strict.coercionConfigFor(type).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return strict;
    }

    /** A valid request, or {@link InvalidRequestException} listing every field at fault. */
    public ScenarioRequest bind(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "must be a JSON object (a scenario request)")));
        }
        ScenarioRequest request;
        try {
            request = strict.treeToValue(body, ScenarioRequest.class);
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(List.of(fieldError(e)));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", e.getOriginalMessage())));
        }
        List<FieldError> errors = validator.validate(request).stream()
                .map(v -> new FieldError(path(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return request;
    }

    /** {@code model.components[0].name}: the request path of a violation, as a client writes it. */
    static String path(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }

    /** The normalized request: record order, nulls left out. Same request, same text, same hash. */
    public String canonical(ScenarioRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request path a JSON binding error is at, and what the value there must be. */
    public static FieldError fieldError(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.length() == 0 ? "body" : path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(field, "is not a known field" + (u.getKnownPropertyIds() == null ? ""
                    : " (known here: " + String.join(", ", u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")"));
        }
        String target = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? describe(m.getTargetType())
                : "a value of another type";
        return new FieldError(field, "must be " + target);
    }

    private static String describe(Class<?> type) {
        if (type == Double.class || type == double.class) {
            return "a JSON number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole JSON number";
        }
        if (type == String.class) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
