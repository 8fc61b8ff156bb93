package dev.estimator.cost.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.repository.CurrencyRate;
import dev.estimator.cost.repository.EnergyPrice;
import dev.estimator.cost.repository.HardwarePrice;
import dev.estimator.cost.repository.PriceBookEntry;
import dev.estimator.cost.repository.SeedRecord;
import dev.estimator.cost.repository.SeedRecordRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Loads the sourced price book, currency rates, energy prices and hardware prices (classpath {@code /seed/*.json}) at
 * start. Each seed row is inserted once, ever: its key is remembered in {@code seed_record}, so restarts add no
 * duplicates and an admin's edits and deletions are kept.
 */
@ApplicationScoped
public class PriceBookSeeder {

    private static final Logger LOG = Logger.getLogger(PriceBookSeeder.class);

    @Inject
    ObjectMapper json;

    @Inject
    SeedRecordRepository seeded;

    @Inject
    ReferenceDataCache referenceData;

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::seed);
    }

    /** Inserts, in one transaction, the seed rows never inserted before; returns how many. Safe to run again. */
    public Uni<Integer> seed() {
        List<PriceBookEntry> prices = read("/seed/prices.json", new TypeReference<>() {
        });
        List<CurrencyRate> rates = read("/seed/currency-rates.json", new TypeReference<>() {
        });
        List<EnergyPrice> energy = read("/seed/energy-prices.json", new TypeReference<>() {
        });
        List<HardwarePrice> hardware = read("/seed/hardware-prices.json", new TypeReference<>() {
        });
        // Panache.withTransaction rather than @WithTransaction: the snapshot is invalidated after the commit (seeding
        // may race the first consumed batch, and a snapshot read before the commit must not be kept).
        return Panache.withTransaction(() -> seeded.listAll().chain(records -> {
            Set<String> done = new HashSet<>();
            records.forEach(r -> done.add(r.seedKey));
            List<Object> rows = new ArrayList<>();
            Instant now = Instant.now();
            collect(prices, p -> "price|" + p.provider + "|" + p.accelerator + "|" + p.pricingModel + "|" + p.region
                    + "|" + p.validFrom, done, rows, now);
            collect(rates, r -> "rate|" + r.currency + "|" + r.asOf, done, rows, now);
            collect(energy, e -> "energy|" + e.region + "|" + e.validFrom, done, rows, now);
            collect(hardware, h -> "hardware|" + h.accelerator + "|" + h.asOf, done, rows, now);
            return Panache.getSession().chain(session -> session.persistAll(rows.toArray())).replaceWith(rows.size() / 2);
        })).invoke(inserted -> {
            referenceData.invalidate();
            LOG.infof("Seed: %d new rows (%d prices, %d rates, %d energy, %d hardware in the seed files)", inserted,
                    prices.size(), rates.size(), energy.size(), hardware.size());
        });
    }

    /** Adds each row whose key is not in {@code done} to {@code rows}, with the record that remembers its key. */
    private static <T> void collect(List<T> seed, Function<T, String> key, Set<String> done, List<Object> rows, Instant now) {
        for (T row : seed) {
            String k = key.apply(row);
            if (done.add(k)) {
                rows.add(row);
                rows.add(new SeedRecord(k, now));
            }
        }
    }

    private <T> List<T> read(String resource, TypeReference<List<T>> type) {
        try {
            return json.readValue(Objects.requireNonNull(PriceBookSeeder.class.getResource(resource), resource), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + resource, e);
        }
    }
}
