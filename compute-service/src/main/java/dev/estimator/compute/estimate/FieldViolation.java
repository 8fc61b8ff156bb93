package dev.estimator.compute.estimate;

/** Why a scenario cannot be estimated, naming the request field at fault. */
public record FieldViolation(String field, String message) {
}
