package dev.estimator.catalog.rest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import dev.estimator.chassis.rest.Problem;

/** Accumulates field-level problems so one answer lists every mistake, not just the first. */
final class FieldChecks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    void slug(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(field, "is required");
            }
        } else if (!SLUG.matcher(value).matches()) {
            add(field, "must be a lowercase slug ([a-z0-9][a-z0-9._-]*, at most 100 characters), was '" + value + "'");
        }
    }

    void text(String field, String value, boolean required, int maxLength) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(field, "is required");
            }
        } else if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
        }
    }

    void oneOf(String field, String value, Collection<String> allowed, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "is required, one of " + allowed);
            }
        } else if (!allowed.contains(value)) {
            add(field, "must be one of " + allowed + ", was '" + value + "'");
        }
    }

    /** Positive, finite and below an absurdity bound (beyond which the value is a typo, not a fact). */
    void positive(String field, Number value, double max, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "is required");
            }
            return;
        }
        double v = value.doubleValue();
        if (Double.isNaN(v) || Double.isInfinite(v) || v <= 0) {
            add(field, "must be a positive number, was " + value);
        } else if (v > max) {
            add(field, "is implausibly large (" + value + " > " + max + ")");
        }
    }

    void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            add(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
