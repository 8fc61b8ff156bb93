package dev.estimator.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** The objects of one rendered kustomization, each parsed strictly into its typed model. Rendered once per JVM. */
final class Manifests {

    /** A rendered object: its YAML tree and its typed model. */
    record Item(JsonNode raw, Object typed) {
        String kind() {
            return raw.path("kind").asText();
        }

        String name() {
            return raw.path("metadata").path("name").asText();
        }
    }

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    private final String source;
    private final List<Item> items;

    private Manifests(String source, List<Item> items) {
        this.source = source;
        this.items = List.copyOf(items);
    }

    /** {@code overlay} is a directory under deploy/k8s, e.g. "overlays/prod" or "base". */
    static Manifests render(String directory) {
        return CACHE.computeIfAbsent(directory, d -> fromYaml(d, Kustomize.render(Paths.k8s().resolve(d))));
    }

    static Manifests overlay(String name) {
        return render("overlays/" + name);
    }

    /** Plain manifest files (not a kustomization), e.g. the examples. */
    static Manifests file(Path file) {
        try {
            return fromYaml(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifests fromYaml(String source, String yaml) {
        List<Item> items = new ArrayList<>();
        for (JsonNode document : TypedModels.documents(yaml)) {
            items.add(new Item(document, TypedModels.parseStrict(document)));
        }
        return new Manifests(source, items);
    }

    String source() {
        return source;
    }

    List<Item> items() {
        return items;
    }

    <T> Stream<T> all(Class<T> model) {
        return items.stream().map(Item::typed).filter(model::isInstance).map(model::cast);
    }

    <T> List<T> list(Class<T> model) {
        return all(model).toList();
    }

    <T> Optional<T> find(Class<T> model, String name) {
        return items.stream()
                .filter(i -> model.isInstance(i.typed()) && i.name().equals(name))
                .map(i -> model.cast(i.typed()))
                .findFirst();
    }

    <T> T get(Class<T> model, String name) {
        return find(model, name).orElseThrow(() -> new AssertionError(
                source + ": no " + model.getSimpleName() + " named " + name));
    }
}
