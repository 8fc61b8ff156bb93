package dev.estimator.gateway.client;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Sends the caller's {@code Authorization} header on to catalog-service and cost-service, which check the token
 * themselves on edits (role admin) as the gateway does: the gateway holds no credential of its own that a backend
 * would trust, so an edit reaches a backend only with the token of an admin who made it. Reads carry it too; the
 * backends never look at it there. {@code incoming} holds the headers of the request being served (none outside one).
 */
@ApplicationScoped
public class ForwardedAuthorization implements ClientHeadersFactory {

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        String authorization = incoming.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            headers.putSingle(HttpHeaders.AUTHORIZATION, authorization);
        }
        return headers;
    }
}
