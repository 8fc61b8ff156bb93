package dev.estimator.gateway.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.estimate.ParetoFront;
import dev.estimator.gateway.event.FinishedEvent;
import dev.estimator.gateway.repository.RegistryStore.CostTime;
import dev.estimator.gateway.service.IdempotencyKeys;
import dev.estimator.gateway.service.SweepQueryService;
import dev.estimator.gateway.service.SweepService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sweeps", description = "Grids of scenarios: progress, cheapest, fastest, cost-vs-time Pareto front")
public class SweepResource {

    static final String CSV = "text/csv";
    static final int MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final String EXAMPLE_SWEEP = """
            {"base": {"name": "LLaMA-2 70B", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2.0e12},
                      "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}, "pricing": {"provider": "aws"}},
             "vary": {"hardware.accelerator": ["nvidia-a100-80gb", "nvidia-h100-sxm", "nvidia-h800"],
                      "hardware.count": [512, 1024, 2048]}}""";
    static final String EXAMPLE_PROGRESS = """
            {"id": "5d0e…", "name": "LLaMA-2 70B", "createdAt": "2026-11-28T10:00:00Z",
             "vary": {"hardware.accelerator": ["nvidia-a100-80gb", "nvidia-h100-sxm", "nvidia-h800"], "hardware.count": [512, 1024, 2048]},
             "total": 9, "completed": 8, "rejected": 1, "pending": 0, "done": true,
             "summary": {"currency": "USD", "costMetric": "cost.training.cloud (cost.training.ownership where no cloud price applies)",
               "cheapest": {"scenarioId": "…", "cost": 2.1e6, "currency": "USD", "wallClockDays": 40.2, "variant": {"hardware.accelerator": "nvidia-h800", "hardware.count": 512}},
               "fastest": {"scenarioId": "…", "cost": 2.6e6, "currency": "USD", "wallClockDays": 9.8, "variant": {"hardware.accelerator": "nvidia-h100-sxm", "hardware.count": 2048}},
               "paretoFront": [{"scenarioId": "…", "cost": 2.6e6, "currency": "USD", "wallClockDays": 9.8, "variant": {"hardware.accelerator": "nvidia-h100-sxm", "hardware.count": 2048}}]}}""";

    @Inject
    SweepService sweeps;

    @Inject
    SweepQueryService queries;

    @Inject
    ScenarioViews views;

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
    @Operation(operationId = "createSweep", summary = "Create a sweep", description = "Expands vary (request path -> "
            + "values) over base into the cartesian product (at most gateway.sweeps.max-scenarios, default 10,000; more is "
            + "a 400 naming vary), validates every member against the limits of ScenarioRequest, stores them all in one "
            + "transaction and answers 202; the outbox relay then publishes every member, also after a crash or a Kafka "
            + "outage. Idempotency-Key: the same key and sweep return the first sweep (202, nothing new stored, no rate "
            + "limit taken) for gateway.idempotency.retention (default 24 h); the same key with another sweep is a 422. "
            + "Bounds, checked before anything is expanded: the members times their size in bytes (at most "
            + "gateway.sweeps.max-expanded-bytes, default 16 MiB; more is a 422), and the caller's scenario rate limit, "
            + "which each member counts against (429 with Retry-After).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SweepRequest.class), examples = @ExampleObject(name = "3x3", value = EXAMPLE_SWEEP)))
    @APIResponse(responseCode = "202", description = "Accepted; poll Location", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SweepCreated.class),
            examples = @ExampleObject(name = "accepted", value = "{\"id\": \"5d0e…\", \"scenarioCount\": 9}")))
    @APIResponse(responseCode = "400", description = "Invalid base or vary, each field named (base.<path> or vary.<path>)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too large", value = "{\"type\": \"https://estimator.dev/problems/validation\", "
                            + "\"title\": \"Invalid request\", \"status\": 400, \"detail\": \"1 invalid field(s)\", \"errors\": "
                            + "[{\"field\": \"vary\", \"message\": \"expands to 20000 scenarios; a sweep may have at most 10000 "
                            + "(split it into several sweeps)\"}]}")))
    @APIResponse(responseCode = "401", description = "No or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Token lacks role analyst or admin", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A concurrent request with the same Idempotency-Key failed; retry (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another sweep, or the sweep expands to more bytes "
            + "than gateway.sweeps.max-expanded-bytes", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Rate limit (requests, or scenarios: a sweep takes one per member); see "
            + "Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "This replica is expanding other large sweeps (gateway.sweeps."
            + "max-expanded-bytes-in-flight); nothing stored, retry after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull(message = "is required: a JSON object with base and vary") @Valid SweepRequest body,
            @Parameter(description = "Client-chosen key (1-200 visible ASCII characters) making retries safe")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        IdempotencyKeys.validate(idempotencyKey);
        // A replay answers exactly as the first call did, so a client retrying after a lost answer cannot tell them apart.
        return sweeps.create(body, Callers.id(identity, http), idempotencyKey).map(creation -> Response
                .accepted(new SweepCreated(creation.sweep().id, creation.sweep().scenarioCount))
                .location(URI.create("/api/v1/sweeps/" + creation.sweep().id)).build());
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(operationId = "getSweep", summary = "Sweep progress and summary", description = "total, completed, "
            + "rejected, pending; summary of the finished members: cheapest (training cost), fastest (wall-clock days) and "
            + "the Pareto front of cost vs wall-clock, fastest first.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SweepView.class), examples = @ExampleObject(name = "progress", value = EXAMPLE_PROGRESS)))
    @APIResponse(responseCode = "404", description = "Unknown sweep", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<SweepView> get(@PathParam("id") String id) {
        RequestParams.registryId(id, "sweep");
        return queries.summary(id).map(this::view);
    }

    SweepView view(SweepQueryService.Summary s) {
        Map<String, CostTime> byId = new HashMap<>();
        s.points().forEach(p -> byId.put(p.id(), p));
        List<String> currencies = s.points().stream().map(CostTime::currency).filter(c -> c != null).distinct().toList();
        // Mixed only for members recorded before costs were converted: those are left out of the comparison, which is
        // then in USD (SweepQueryService.summarize).
        String currency = currencies.size() == 1 ? currencies.get(0)
                : currencies.isEmpty() ? null : FinishedEvent.COMPARISON_CURRENCY;
        SweepView.Summary summary = new SweepView.Summary(currency,
                "cost.training.cloud (cost.training.ownership where no cloud price applies), in USD at each estimate's "
                        + "exchange rate", point(s.cheapest(), byId),
                point(s.fastest(), byId), s.paretoFront().stream().map(p -> point(p, byId)).toList());
        long pending = s.progress().pending();
        return new SweepView(s.sweep().id, s.sweep().name, s.sweep().createdAt, views.read(s.sweep().vary, ScenarioViews.VARY),
                s.progress().total(), s.progress().completed(), s.progress().rejected(), pending, pending == 0, summary);
    }

    private SweepView.Point point(ParetoFront.Point p, Map<String, CostTime> byId) {
        if (p == null) {
            return null;
        }
        CostTime row = byId.get(p.id());
        return new SweepView.Point(p.id(), p.cost(), row.currency(), row.wallClockDays(),
                views.read(row.variant(), ScenarioViews.VARIANT));
    }

    @GET
    @Path("/{id}/estimates")
    @PermitAll
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(operationId = "getSweepMembers", summary = "The members of a sweep with their estimates, paged, as JSON or "
            + "text/csv (Accept or ?format=csv)")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepMembers.class),
                    examples = @ExampleObject(name = "json", value = "{\"items\": [{\"id\": \"…\", \"sweepId\": \"5d0e…\", "
                            + "\"sweepIndex\": 0, \"variant\": {\"hardware.count\": 512}, \"status\": \"PENDING\", "
                            + "\"submittedAt\": \"2026-11-28T10:00:00Z\", \"finishedAt\": null}], \"page\": 0, \"size\": 100, \"total\": 9}")),
            @Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING),
                    examples = @ExampleObject(name = "csv", value = "scenarioId,sweepIndex,status,hardware.count,trainingFlops,...\n"
                            + "9b1c…,0,COMPLETED,512,1.2E24,...")) })
    @APIResponse(responseCode = "400", description = "Bad page, size or format", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown sweep", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> estimates(@PathParam("id") String id,
            @Parameter(description = "0-based page, default 0; page x size below 2^31", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "0")) @RestQuery String page,
            @Parameter(description = "Members per page, default 100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + MAX_PAGE_SIZE)) @RestQuery String size,
            @Parameter(description = "csv or json; default: by Accept, else json") @RestQuery
            @Pattern(regexp = "^(csv|json)$", message = "must be csv or json") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        // The parameters first, then the id: a bad page is named even for an unknown sweep.
        Integer[] paging = RequestParams.page(page, size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        int p = paging[0] == null ? 0 : paging[0];
        int s = paging[1] == null ? DEFAULT_PAGE_SIZE : paging[1];
        RequestParams.registryId(id, "sweep");
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON));
        return queries.members(id, p, s).map(members -> csv
                ? Response.ok(SweepCsv.write(views.read(members.sweep().vary), members.members()), CSV + "; charset=utf-8")
                        .header("Content-Disposition", "inline; filename=\"sweep-" + id + "-page-" + p + ".csv\"").build()
                : Response.ok(new SweepMembers(members.members().stream().map(m -> views.view(m, false)).toList(), p, s,
                        members.total()), MediaType.APPLICATION_JSON).build());
    }

    static List<String> axes(JsonNode vary) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = vary.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
