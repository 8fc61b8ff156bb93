package dev.estimator.chassis.error;

/** An id that names nothing this service holds; the REST layer answers it 404 problem+json. */
public class UnknownIdException extends RuntimeException {

    public UnknownIdException(String detail) {
        super(detail, null, false, false);
    }
}
