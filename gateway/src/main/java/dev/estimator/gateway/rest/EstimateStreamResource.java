package dev.estimator.gateway.rest;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;


import dev.estimator.gateway.messaging.EstimateBroadcaster;
import io.smallrye.mutiny.Multi;
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

    @ConfigProperty(name = "gateway.sse.buffer", defaultValue = "10000")
    int buffer;

    @GET
    @PermitAll
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEstimates", summary = "Stream estimates as they complete", description = "Events named "
            + "'estimate', id = scenarioId, data = the estimate event (docs/events.md; schema Estimate). Filter with scenarioId "
            + "or sweepId; neither streams every estimate. Only estimates "
            + "completed after connecting are sent: read earlier ones from /scenarios/{id} or /sweeps/{id}/estimates.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(implementation = Estimate.class), examples = @ExampleObject(name = "event",
            value = "event: estimate\nid: 9b1c…\ndata: {\"scenarioId\": \"9b1c…\", \"status\": \"COMPLETED\", \"compute\": {\"pfDays\": 3645.8}}\n\n")))
    public Multi<OutboundSseEvent> stream(@RestQuery String scenarioId, @RestQuery String sweepId, @Context Sse sse) {
        return broadcaster.stream(buffer)
                .filter(e -> (scenarioId == null || scenarioId.equals(e.scenarioId())) && (sweepId == null || sweepId.equals(e.sweepId())))
                .map(e -> sse.newEventBuilder().name("estimate").id(e.scenarioId())
                        // Text, not JSON: the data is already the published JSON and must not be encoded again as a string.
                        .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, e.estimate()).build());
    }
}
