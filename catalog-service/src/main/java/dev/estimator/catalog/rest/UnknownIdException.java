package dev.estimator.catalog.rest;

/** A path id that names nothing: answered 404. */
public class UnknownIdException extends RuntimeException {

    public UnknownIdException(String kind, String id, String suggestion) {
        super("No " + kind + " '" + id + "'" + suggestion);
    }
}
