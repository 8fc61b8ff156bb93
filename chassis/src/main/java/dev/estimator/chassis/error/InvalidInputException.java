package dev.estimator.chassis.error;

import java.util.List;

/**
 * Input the caller must fix, with one violation per field at fault. Thrown by services (no HTTP in it); the REST
 * layer answers it 400 problem+json ({@code dev.estimator.chassis.rest.CommonProblemMappers}).
 */
public class InvalidInputException extends RuntimeException {

    /** {@code field} is the path in the caller's request, e.g. {@code hardware.accelerator} or {@code page}. */
    public record Violation(String field, String message) {
    }

    private final transient List<Violation> violations;

    public InvalidInputException(String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(List<Violation> violations) {
        this(violations.size() + " invalid field(s)", violations);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(message, List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
