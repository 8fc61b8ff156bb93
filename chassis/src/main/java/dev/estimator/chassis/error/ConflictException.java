package dev.estimator.chassis.error;

/**
 * A request that clashes with what is stored (a duplicate id, a stale edit); the REST layer answers it 409
 * problem+json naming {@link #field()}.
 */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String detail) {
        super(detail, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
