package dev.estimator.gateway.rest;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.config.StreamConfig;
import dev.estimator.gateway.messaging.EstimateBroadcaster;
import dev.estimator.gateway.messaging.EstimateBroadcaster.ClientTooSlow;
import dev.estimator.gateway.service.StreamSubscriptions;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

@Path("/api/v1/estimates/stream")
@Tag(name = "Estimates", description = "Server-sent events of finished estimates")
public class EstimateStreamResource {

    @Inject
    EstimateBroadcaster broadcaster;

    @Inject
    StreamConfig config;

    @Inject
    Vertx vertx;

    @GET
    @PermitAll
    @StreamLimited
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEstimates", summary = "Stream estimates as they complete", description = "Events named "
            + "'estimate', id = scenarioId, data = the estimate event (docs/events.md; schema Estimate). Filter with scenarioId "
            + "or sweepId; neither streams every estimate. Only estimates "
            + "completed after connecting are sent: read earlier ones from /scenarios/{id} or /sweeps/{id}/estimates. "
            + "A client that reads slower than its estimates arrive (more than gateway.stream.client-buffer waiting) is "
            + "dropped: its stream ends with a comment and a 'retry:' delay, then reconnect and read what was missed "
            + "from /sweeps/{id}/estimates.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(implementation = Estimate.class), examples = @ExampleObject(name = "event",
            value = "event: estimate\nid: 9b1c…\ndata: {\"scenarioId\": \"9b1c…\", \"status\": \"COMPLETED\", \"compute\": {\"pfDays\": 3645.8}}\n\n")))
    @APIResponse(responseCode = "429", description = "This client (token subject, else address) already has the most streams one "
            + "client may hold open (gateway.stream.max-connections-per-client); Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The gateway serves the most streams it may (gateway.stream.max-connections); "
            + "Retry-After says when to try again", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@RestQuery String scenarioId, @RestQuery String sweepId, @Context Sse sse,
            @Context RoutingContext routing) {
        StreamSubscriptions.Slot slot = Objects.requireNonNull(routing.get(StreamLimitFilter.SLOT), "StreamLimitFilter took no place");
        HttpServerRequest request = routing.request();
        long grace = config.slowClientGrace().toMillis();
        AtomicBoolean subscribed = new AtomicBoolean();
        AtomicBoolean over = new AtomicBoolean();
        // The HTTP layer subscribes once the headers are written; if that never happens (the client left at once), the
        // place is given back here rather than never.
        vertx.setTimer(grace, id -> {
            if (!subscribed.get()) {
                slot.close();
            }
        });
        return broadcaster.stream(e -> (scenarioId == null || scenarioId.equals(e.scenarioId())) && (sweepId == null || sweepId.equals(e.sweepId())),
                config.clientBuffer(), drainer())
                .onSubscription().invoke(() -> subscribed.set(true))
                .map(e -> sse.newEventBuilder().name("estimate").id(e.scenarioId())
                        // Text, not JSON: the data is already the published JSON and must not be encoded again as a string.
                        .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, e.estimate()).build())
                .onFailure(ClientTooSlow.class).invoke(() -> vertx.setTimer(grace, id -> {
                    // Still not ended: the client has not even taken the event being written, so the farewell cannot
                    // reach it. Closing the connection frees that event, and the place.
                    if (!over.get()) {
                        abort(request);
                    }
                }))
                .onFailure(ClientTooSlow.class).recoverWithItem(() -> sse.newEventBuilder()
                        .comment("too slow: estimates arrived faster than this client read them; reconnect, and read what was "
                                + "missed from /api/v1/sweeps/{id}/estimates or /api/v1/scenarios/{id}")
                        .reconnectDelay(config.retry().toMillis()).build())
                .onTermination().invoke(() -> {
                    over.set(true);
                    slot.close();
                });
    }

    /**
     * Closes a client's stream at once, with whatever is still queued on its connection. Vert.x's close of an HTTP/1.x
     * connection (also a close of its channel, which Vert.x intercepts) first flushes everything before it, which never
     * happens for a client that does not read; so the close starts below Vert.x's handler, as Vert.x's own idle timeout
     * closes a connection. HTTP/2: only the stream is reset, which discards its data.
     */
    static void abort(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else if (request.connection() instanceof ConnectionBase connection) {
            connection.channelHandlerContext().close();
        } else {
            request.connection().close();
        }
    }

    /** Deliveries the broadcaster starts run on this request's event loop, not on the broadcaster's thread. */
    private static Executor drainer() {
        io.vertx.core.Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }
}
