package dev.estimator.catalog.rest;

/** A create with an id that already exists: answered 409 (use PUT to replace). */
public class DuplicateIdException extends RuntimeException {

    public DuplicateIdException(String kind, String id) {
        super("A " + kind + " with id '" + id + "' already exists; use PUT to replace it");
    }
}
