package dev.estimator.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.chassis.rest.ProblemException;
import dev.estimator.gateway.messaging.DeadLetterReplayer;
import dev.estimator.gateway.messaging.DeadLetterReplayer.Replay;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operator actions: replaying a pipeline topic's dead letters (admin only). */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Operations on the pipeline (role admin)")
public class DeadLetterResource {

    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

    @Inject
    DeadLetterReplayer replayer;

    @ConfigProperty(name = "gateway.dead-letters.replay.max-records", defaultValue = "10000")
    int maxRecords;

    @POST
    @Path("/{topic}/replay")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Replay a topic's dead letters", description = "Re-publishes every record of <topic>.dlq on <topic> (same key "
            + "and value, original headers without the dead-letter-* ones), each once: the replay's consumer group commits after the "
            + "broker acknowledged. Safe because every stage is idempotent by scenario id; a record that still fails is "
            + "dead-lettered again. At most `max` records per call (default and cap gateway.dead-letters.replay.max-records); "
            + "`more` says whether to call again.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "replayed",
            value = "{\"topic\": \"estimates\", \"deadLetterTopic\": \"estimates.dlq\", \"replayed\": 12, \"more\": false}")))
    @APIResponse(responseCode = "400", description = "Not a pipeline topic, or a bad max", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    @APIResponse(responseCode = "409", description = "A replay of this topic is running on this replica", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing after the last acknowledged poll was committed",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Replay> replay(@Parameter(in = ParameterIn.PATH, schema = @Schema(enumeration = { "scenarios.submitted",
            "scenarios.resolved", "scenarios.computed", "estimates", "scenarios.rejected" })) @PathParam("topic") String topic,
            @Parameter(description = "Most records to replay in this call", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @RestQuery String max) {
        if (!DeadLetterReplayer.isPipelineTopic(topic)) {
            throw ProblemException.validation("topic", "must be one of " + DeadLetterReplayer.TOPICS
                    + " (the source topic; its dead letters are read from <topic>.dlq)");
        }
        Integer most = RequestParams.integer("max", max, 1, maxRecords);
        int limit = most == null ? maxRecords : most;
        // Kafka's clients block: a worker thread, never the event loop.
        return Uni.createFrom().item(() -> replay(topic, limit)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Replay replay(String topic, int limit) {
        try {
            return replayer.replay(topic, limit);
        } catch (DeadLetterReplayer.ReplayInProgress e) {
            throw new ProblemException(new Problem("https://estimator.dev/problems/conflict", "Conflict", 409,
                    e.getMessage() + "; retry when it is done.", null, List.of(new Problem.FieldError("topic", "is being replayed"))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw unavailable(e);
        }
    }

    private static ProblemException unavailable(Exception e) {
        // The cause goes to the log only: Kafka's messages name brokers and ports.
        LOG.warnf("Dead-letter replay answered 503: %s", e);
        return new ProblemException(new Problem("https://estimator.dev/problems/backend-unavailable", "Service Unavailable", 503,
                "Kafka did not complete the replay. Every poll acknowledged before is committed; retry.", null, null),
                Map.of("Retry-After", "5"));
    }
}
