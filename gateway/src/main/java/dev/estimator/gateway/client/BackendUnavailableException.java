package dev.estimator.gateway.client;

/** A backend that did not answer, answered 5xx, or whose circuit is open: the gateway answers 503. */
public class BackendUnavailableException extends RuntimeException {

    private final String backend;

    public BackendUnavailableException(String backend, String detail, Throwable cause) {
        super(backend + " is unavailable: " + detail, cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
