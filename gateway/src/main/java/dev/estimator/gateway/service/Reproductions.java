package dev.estimator.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.repository.RegistryStore;
import dev.estimator.gateway.rest.Reproduction;
import dev.estimator.gateway.rest.ScenarioRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The seed's headline figures and the scenarios that reproduce them (classpath {@code reproductions/reproductions.json},
 * the table in docs/reproductions.md). Each scenario is bound and checked at start like a submission, so a listed
 * scenario is always one the API accepts, and its normalized text is hashed as a submission's is: the latest completed
 * estimate of exactly that request gives the current value.
 */
@ApplicationScoped
public class Reproductions {

    static final String RESOURCE = "/reproductions/reproductions.json";

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    RegistryStore registry;

    private List<Listed> listed;

    /** A listed reproduction, its bound scenario and the hash of its normalized request. */
    record Listed(String id, String claim, String source, ScenarioRequest scenario, String field,
            Reproduction.Expected expected, String requestHash) {
    }

    @PostConstruct
    void load() {
        List<Listed> all = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(Reproductions.class.getResourceAsStream(RESOURCE), RESOURCE)) {
            for (JsonNode item : json.readTree(in)) {
                ScenarioRequest scenario = binder.bind(item.get("scenario"));
                all.add(new Listed(item.path("id").asText(), item.path("claim").asText(), item.path("source").asText(),
                        scenario, item.path("field").asText(),
                        json.treeToValue(item.get("expected"), Reproduction.Expected.class),
                        ScenarioRequestBinder.sha256(binder.canonical(scenario))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        listed = List.copyOf(all);
    }

    /** Every reproduction with the value its scenario gives now (null until it has been run). */
    public Uni<List<Reproduction>> list() {
        return registry.latestCompletedByRequestHash(listed.stream().map(Listed::requestHash).distinct().toList())
                .map(this::withValues);
    }

    List<Reproduction> withValues(Map<String, RegistryStore.Completed> latest) {
        List<Reproduction> out = new ArrayList<>(listed.size());
        for (Listed l : listed) {
            RegistryStore.Completed run = latest.get(l.requestHash());
            Double value = null;
            if (run != null) {
                JsonNode node = read(run.result()).at(pointer(l.field()));
                value = node.isNumber() ? node.doubleValue() : null;
            }
            out.add(new Reproduction(l.id(), l.claim(), l.source(), l.scenario(), l.field(), l.expected(), value,
                    run == null ? null : run.scenarioId(), value == null ? null : l.expected().holds(value)));
        }
        return out;
    }

    /** {@code cost.training.cloud} -> {@code /cost/training/cloud}. */
    static String pointer(String field) {
        return "/" + field.replace('.', '/');
    }

    private JsonNode read(String result) {
        try {
            return json.readTree(result);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt registry row", e);
        }
    }
}
