package dev.estimator.catalog.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.Accelerator;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Loads the sourced seed data at start. Only rows whose id is absent are inserted: a restart creates
 * no duplicates and never overwrites an edit made through the API.
 */
@ApplicationScoped
public class CatalogSeeder {

    private static final Logger LOG = Logger.getLogger(CatalogSeeder.class);

    @Inject
    ObjectMapper json;

    void onStart(@Observes StartupEvent event) throws Throwable {
        List<Accelerator> accelerators = read("/seed/accelerators.json", new TypeReference<>() {
        });
        int inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> insertMissing(accelerators)));
        LOG.infof("Seed: %d of %d accelerators inserted", inserted, accelerators.size());
    }

    private Uni<Integer> insertMissing(List<Accelerator> rows) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> Accelerator.<Accelerator>findById(row.id)
                        .chain(existing -> existing != null ? Uni.createFrom().item(0) : row.persist().replaceWith(1)))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = CatalogSeeder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing seed resource " + resource);
            }
            return json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + resource, e);
        }
    }
}
