package dev.estimator.cost.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.PriceBookEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Loads the sourced price book at start; a row whose key exists is left alone (no duplicates, edits kept). */
@ApplicationScoped
public class PriceBookSeeder {

    private static final Logger LOG = Logger.getLogger(PriceBookSeeder.class);

    @Inject
    ObjectMapper json;

    void onStart(@Observes StartupEvent event) throws Throwable {
        List<PriceBookEntry> prices = read("/seed/prices.json");
        int inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> insertMissing(prices)));
        LOG.infof("Seed: %d of %d prices inserted", inserted, prices.size());
    }

    private Uni<Integer> insertMissing(List<PriceBookEntry> rows) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> PriceBookEntry.count(
                        "provider = ?1 and accelerator = ?2 and pricingModel = ?3 and region = ?4 and validFrom = ?5",
                        row.provider, row.accelerator, row.pricingModel, row.region, row.validFrom)
                        .chain(n -> n > 0 ? Uni.createFrom().item(0) : row.persist().replaceWith(1)))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private List<PriceBookEntry> read(String resource) {
        try (InputStream in = PriceBookSeeder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing seed resource " + resource);
            }
            return json.readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + resource, e);
        }
    }
}
