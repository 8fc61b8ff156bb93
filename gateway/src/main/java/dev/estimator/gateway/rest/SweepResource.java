package dev.estimator.gateway.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.chassis.rest.ProblemException;
import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.estimate.ParetoFront;
import dev.estimator.gateway.service.IdempotencyKeys;
import dev.estimator.gateway.service.SubmissionRateLimiter;
import dev.estimator.gateway.service.SweepQueryService;
import dev.estimator.gateway.service.SweepQueryService.CostTime;
import dev.estimator.gateway.service.SweepService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
@Tag(name = "Sweeps", description = "Grids of scenarios: progress, cheapest, fastest, cost-vs-time Pareto front (DESIGN 5.4)")
public class SweepResource {

    static final String CSV = "text/csv";
    static final int MAX_PAGE_SIZE = 1000;
    static final String EXAMPLE_SWEEP = """
            {"base": {"name": "LLaMA-2 70B", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2.0e12},
                      "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}, "pricing": {"provider": "aws"}},
             "vary": {"hardware.accelerator": ["nvidia-a100-80gb", "nvidia-h100-sxm", "nvidia-h800"],
                      "hardware.count": [512, 1024, 2048]}}""";
    static final String EXAMPLE_PROGRESS = """
            {"id": "5d0e…", "name": "LLaMA-2 70B", "total": 9, "completed": 8, "rejected": 1, "pending": 0, "done": true,
             "summary": {"currency": "USD",
               "cheapest": {"scenarioId": "…", "cost": 2.1e6, "wallClockDays": 40.2, "variant": {"hardware.accelerator": "nvidia-h800", "hardware.count": 512}},
               "fastest": {"scenarioId": "…", "cost": 2.6e6, "wallClockDays": 9.8, "variant": {"hardware.accelerator": "nvidia-h100-sxm", "hardware.count": 2048}},
               "paretoFront": [{"scenarioId": "…", "cost": 2.6e6, "wallClockDays": 9.8}, {"scenarioId": "…", "cost": 2.1e6, "wallClockDays": 40.2}]}}""";

    @Inject
    SweepService sweeps;

    @Inject
    SweepQueryService queries;

    @Inject
    SubmissionRateLimiter rateLimiter;

    @Inject
    ScenarioViews views;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    @Context
    HttpServerRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "analyst", "admin" })
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a sweep", description = "Expands vary (request path -> values) over base into the cartesian "
            + "product (at most gateway.sweeps.max-scenarios, default 10,000; more is a 400 naming vary), validates every "
            + "member, stores them all in one transaction and answers 202; the outbox relay then publishes every member, also after "
            + "a crash or a Kafka outage. Idempotency-Key: the same key and sweep return the first sweep (202, nothing new stored); "
            + "the same key with another sweep is a 422.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "3x3", value = EXAMPLE_SWEEP)))
    @APIResponse(responseCode = "202", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "accepted", value = "{\"id\": \"5d0e…\", \"scenarioCount\": 9}")))
    @APIResponse(responseCode = "400", description = "Invalid base or vary, each field named", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(name = "too large", value = "{\"type\": \"https://estimator.dev/problems/validation\", \"title\": \"Invalid request\", "
                    + "\"status\": 400, \"detail\": \"1 field(s) are invalid\", \"errors\": [{\"field\": \"vary\", \"message\": \"expands to 20000 scenarios; "
                    + "a sweep may have at most 10000 (split it into several sweeps)\"}]}")))
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role analyst or admin")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Rate limit; see Retry-After")
    public Uni<Response> create(JsonNode body,
            @Parameter(description = "Client-chosen key (1-200 visible ASCII characters) making retries safe")
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        String client = Callers.id(identity, http);
        rateLimiter.acquire(client);
        IdempotencyKeys.validate(idempotencyKey);
        // A replay answers exactly as the first call did, so a client retrying after a lost answer cannot tell them apart.
        return sweeps.create(body, client, idempotencyKey).map(creation -> Response
                .accepted(new Created(creation.sweep().id, creation.sweep().scenarioCount))
                .location(URI.create("/api/v1/sweeps/" + creation.sweep().id)).build());
    }

    public record Created(String id, int scenarioCount) {
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(summary = "Sweep progress and summary", description = "total, completed, rejected, pending; summary of the finished "
            + "members: cheapest (training cost), fastest (wall-clock days) and the Pareto front of cost vs wall-clock, fastest first.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "progress", value = EXAMPLE_PROGRESS)))
    @APIResponse(responseCode = "404", description = "Unknown sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        return queries.summary(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No sweep '" + id + "'"))
                .map(this::progressView);
    }

    ObjectNode progressView(SweepQueryService.Summary s) {
        ObjectNode view = json.createObjectNode();
        view.put("id", s.sweep().id);
        view.put("name", s.sweep().name);
        view.put("createdAt", s.sweep().createdAt.toString());
        view.set("vary", views.read(s.sweep().vary));
        view.put("total", s.progress().total());
        view.put("completed", s.progress().completed());
        view.put("rejected", s.progress().rejected());
        view.put("pending", s.progress().pending());
        view.put("done", s.progress().pending() == 0);
        ObjectNode summary = view.putObject("summary");
        Map<String, CostTime> byId = new HashMap<>();
        s.points().forEach(p -> byId.put(p.id(), p));
        List<String> currencies = s.points().stream().map(CostTime::currency).filter(c -> c != null).distinct().toList();
        summary.put("currency", currencies.size() == 1 ? currencies.get(0) : null);
        summary.put("costMetric", "cost.training.cloud (cost.training.ownership where no cloud price applies)");
        summary.set("cheapest", point(s.cheapest(), byId));
        summary.set("fastest", point(s.fastest(), byId));
        ArrayNode front = summary.putArray("paretoFront");
        s.paretoFront().forEach(p -> front.add(point(p, byId)));
        return view;
    }

    private JsonNode point(ParetoFront.Point p, Map<String, CostTime> byId) {
        if (p == null) {
            return null;
        }
        CostTime row = byId.get(p.id());
        ObjectNode node = json.createObjectNode();
        node.put("scenarioId", p.id());
        node.put("cost", p.cost());
        node.put("currency", row.currency());
        node.put("wallClockDays", row.wallClockDays());
        node.set("variant", views.read(row.variant()));
        return node;
    }

    @GET
    @Path("/{id}/estimates")
    @PermitAll
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "The members of a sweep with their estimates, paged, as JSON or text/csv (Accept or ?format=csv)")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "json", value = "{\"items\": [{\"id\": \"…\", "
                    + "\"sweepIndex\": 0, \"variant\": {\"hardware.count\": 512}, \"status\": \"COMPLETED\", \"estimate\": {}}], \"page\": 0, \"size\": 100, \"total\": 9}")),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "scenarioId,sweepIndex,status,hardware.count,trainingFlops,...\n"
                    + "9b1c…,0,COMPLETED,512,1.2E24,...")) })
    @APIResponse(responseCode = "400", description = "Bad page or size", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Unknown sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> estimates(@PathParam("id") String id, @RestQuery Integer page, @RestQuery Integer size,
            @RestQuery String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        int p = page == null ? 0 : page;
        int s = size == null ? 100 : size;
        List<Problem.FieldError> errors = new ArrayList<>();
        if (p < 0) {
            errors.add(new Problem.FieldError("page", "must be >= 0"));
        }
        if (s < 1 || s > MAX_PAGE_SIZE) {
            errors.add(new Problem.FieldError("size", "must be from 1 to " + MAX_PAGE_SIZE));
        }
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            errors.add(new Problem.FieldError("format", "must be csv or json"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors));
        }
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON));
        return queries.members(id, p, s).onItem().ifNull().failWith(() -> ProblemException.notFound("No sweep '" + id + "'"))
                .map(members -> csv
                        ? Response.ok(SweepCsv.write(views.read(members.sweep().vary), members.members(), views), CSV + "; charset=utf-8")
                                .header("Content-Disposition", "inline; filename=\"sweep-" + id + "-page-" + p + ".csv\"").build()
                        : Response.ok(page(members, p, s), MediaType.APPLICATION_JSON).build());
    }

    private ObjectNode page(SweepQueryService.MemberPage members, int page, int size) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Scenario s : members.members()) {
            items.add(views.view(s, false));
        }
        body.put("page", page);
        body.put("size", size);
        body.put("total", members.total());
        return body;
    }

    static List<String> axes(JsonNode vary) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = vary.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
