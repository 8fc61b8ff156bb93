package dev.estimator.gateway.client;

/** What a backend answered (2xx-4xx): passed through to the client as it is. */
public record BackendReply(int status, String contentType, String body, String location) {
}
