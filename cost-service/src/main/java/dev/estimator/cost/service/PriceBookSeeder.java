package dev.estimator.cost.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.CurrencyRate;
import dev.estimator.cost.domain.EnergyPrice;
import dev.estimator.cost.domain.HardwarePrice;
import dev.estimator.cost.domain.PriceBookEntry;
import dev.estimator.cost.domain.SeedRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Loads the sourced price book, currency rates, energy prices and hardware prices at start. Each seed row
 * is inserted once, ever: its key is remembered in {@code seed_record}, so restarts add no duplicates and
 * an admin's edits and deletions are kept.
 */
@ApplicationScoped
public class PriceBookSeeder {

    private static final Logger LOG = Logger.getLogger(PriceBookSeeder.class);

    @Inject
    ObjectMapper json;

    void onStart(@Observes StartupEvent event) throws Throwable {
        seed();
    }

    /** Inserts the seed rows never inserted before; returns how many. Safe to run again at any time. */
    public int seed() throws Throwable {
        List<PriceBookEntry> prices = read("/seed/prices.json", new TypeReference<>() {
        });
        List<CurrencyRate> rates = read("/seed/currency-rates.json", new TypeReference<>() {
        });
        List<EnergyPrice> energy = read("/seed/energy-prices.json", new TypeReference<>() {
        });
        List<HardwarePrice> hardware = read("/seed/hardware-prices.json", new TypeReference<>() {
        });
        int inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SeedRecord.<SeedRecord>listAll()
                .chain(seeded -> {
                    Set<String> done = new HashSet<>();
                    seeded.forEach(r -> done.add(r.key));
                    List<Object> rows = new ArrayList<>();
                    Instant now = Instant.now();
                    collect(prices, p -> "price|" + p.provider + "|" + p.accelerator + "|" + p.pricingModel + "|" + p.region
                            + "|" + p.validFrom, done, rows, now);
                    collect(rates, r -> "rate|" + r.currency + "|" + r.asOf, done, rows, now);
                    collect(energy, e -> "energy|" + e.region + "|" + e.validFrom, done, rows, now);
                    collect(hardware, h -> "hardware|" + h.accelerator + "|" + h.asOf, done, rows, now);
                    return Panache.getSession().chain(session -> session.persistAll(rows.toArray()))
                            .replaceWith(rows.size() / 2);
                })));
        LOG.infof("Seed: %d new rows (%d prices, %d rates, %d energy, %d hardware in the seed files)", inserted,
                prices.size(), rates.size(), energy.size(), hardware.size());
        return inserted;
    }

    private static <T> void collect(List<T> seed, Function<T, String> key, Set<String> done, List<Object> rows, Instant now) {
        for (T row : seed) {
            String k = key.apply(row);
            if (done.add(k)) {
                rows.add(row);
                rows.add(SeedRecord.of(k, now));
            }
        }
    }

    private <T> List<T> read(String resource, TypeReference<List<T>> type) {
        try (InputStream in = PriceBookSeeder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing seed resource " + resource);
            }
            return json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + resource, e);
        }
    }
}
