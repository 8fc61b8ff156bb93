package dev.estimator.gateway.rest;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.repository.Scenario;
import dev.estimator.gateway.service.IdempotencyKeys;
import dev.estimator.gateway.service.ScenarioSubmissionService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scenarios", description = "Submit a scenario and read its estimate (docs/events.md)")
public class ScenarioResource {

    static final String EXAMPLE_REQUEST = """
            {"name": "GPT-3 175B on V100", "model": {"ref": "gpt-3-175b"},
             "training": {"tokens": 3.0e11, "precision": "fp16", "utilization": 0.21},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000},
             "pricing": {"provider": "azure", "model": "on-demand", "currency": "USD"},
             "serving": {"tokensPerDay": 1.0e10, "months": 12}}""";
    static final String EXAMPLE_VIEW = """
            {"id": "9b1c…", "sweepId": null, "status": "COMPLETED", "submittedAt": "2026-11-28T10:00:00Z",
             "finishedAt": "2026-11-28T10:00:00.080Z", "request": {"model": {"ref": "gpt-3-175b"},
              "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000}},
             "estimate": {"scenarioId": "9b1c…", "status": "COMPLETED", "compute": {"trainingFlops": 3.15e23, "pfDays": 3645.8,
              "gpuHours": 3.33e6, "gpuCount": 10000, "wallClockDays": 13.9},
              "cost": {"currency": "USD", "training": {"cloud": 1.0e7}}}}""";
    static final String EXAMPLE_VALIDATION = """
            {"type": "https://estimator.dev/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "Constraint violations", "errors": [{"field": "training.tokens", "message": "must be greater than 0"}]}""";

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,6})(?:$|[,;\\s])");

    @Inject
    ScenarioSubmissionService submissions;

    @Inject
    ScenarioViews views;

    @Inject
    GatewayConfig.PreferWait preferWait;

    @Inject
    SecurityIdentity identity;

    @Context
    HttpServerRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "analyst", "admin" })
    @SecurityRequirement(name = "bearer")
    @RateLimited
    @CustomDeserialization(StrictJson.class)
    @Operation(operationId = "submitScenario", summary = "Submit a scenario", description = "Registers the scenario "
            + "(committed to the registry) and answers 202; the gateway's outbox relay then publishes it on "
            + "scenarios.submitted, also after a crash or a Kafka outage. Idempotency-Key: the same key and body return "
            + "the same scenario for gateway.idempotency.retention (default 24 h); the same key with another body is a 422. "
            + "Prefer: wait=N waits up to N seconds (max "
            + "gateway.prefer-wait.max-seconds, default 60) and answers 200 with the finished scenario.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScenarioRequest.class),
            examples = @ExampleObject(name = "GPT-3", value = EXAMPLE_REQUEST)))
    @APIResponse(responseCode = "202", description = "Accepted; poll Location", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScenarioAccepted.class),
            examples = @ExampleObject(name = "accepted", value = "{\"id\": \"9b1c…\", \"status\": \"PENDING\"}")))
    @APIResponse(responseCode = "200", description = "Finished within Prefer: wait, or an idempotent replay of a finished "
            + "scenario", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ScenarioView.class),
                    examples = @ExampleObject(name = "finished", value = EXAMPLE_VIEW)))
    @APIResponse(responseCode = "400", description = "Invalid request, each field named", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "validation", value = EXAMPLE_VALIDATION)))
    @APIResponse(responseCode = "401", description = "No or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Token lacks role analyst or admin", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body larger than quarkus.http.limits.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Body not application/json", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A concurrent request with the same Idempotency-Key failed; retry (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another body", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Rate limit; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(
            @NotNull(message = "is required: a JSON object (a scenario request)") @Valid ScenarioRequest body,
            @Parameter(description = "Client-chosen key (1-200 visible ASCII characters) making retries safe")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Parameter(description = "RFC 7240 preference, e.g. wait=10") @HeaderParam("Prefer") String prefer) {
        IdempotencyKeys.validate(idempotencyKey);
        Duration wait = preferredWait(prefer);
        return submissions.submit(body, Callers.id(identity, http), idempotencyKey)
                .chain(submission -> wait.isZero() || submission.scenario().status != Scenario.Status.PENDING
                        ? Uni.createFrom().item(submission.scenario())
                        : submissions.awaitFinished(submission.scenario().id, wait)
                                .map(s -> s == null ? submission.scenario() : s))
                .map(scenario -> answer(scenario, !wait.isZero()));
    }

    private Response answer(Scenario scenario, boolean waited) {
        URI location = URI.create("/api/v1/scenarios/" + scenario.id);
        if (scenario.status == Scenario.Status.PENDING) {
            return Response.accepted(new ScenarioAccepted(scenario.id, scenario.status.name())).location(location).build();
        }
        Response.ResponseBuilder ok = Response.ok(views.view(scenario, true)).location(location);
        return (waited ? ok.header("Preference-Applied", "wait") : ok).build();
    }

    Duration preferredWait(String prefer) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher m = WAIT.matcher(prefer.toLowerCase());
        if (!m.find()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.min(Long.parseLong(m.group(1)), preferWait.maxSeconds()));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(operationId = "getScenario", summary = "A scenario: status, request, and the estimate or the rejection")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScenarioView.class),
            examples = @ExampleObject(name = "completed", value = EXAMPLE_VIEW)))
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<ScenarioView> get(@PathParam("id") String id) {
        RequestParams.registryId(id, "scenario");
        return submissions.get(id).map(s -> views.view(s, true));
    }
}
