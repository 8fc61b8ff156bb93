package dev.estimator.cost.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.estimator.chassis.cache.SnapshotCache;
import dev.estimator.cost.repository.CurrencyRateRepository;
import dev.estimator.cost.repository.EnergyPriceRepository;
import dev.estimator.cost.repository.HardwarePriceRepository;
import dev.estimator.cost.repository.PriceBookRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The whole price book, rates and tables (a few hundred rows) held in memory. Reading them per batch cost four
 * queries per batch, which at light load (one scenario per batch) was most of this stage's latency. Every batch
 * still prices against one consistent snapshot. This replica's own admin edits invalidate the snapshot once
 * committed; edits made through another replica are picked up within {@code cost.reference-data.refresh}
 * (chassis {@link SnapshotCache}).
 */
@ApplicationScoped
public class ReferenceDataCache {

    // Keyed by day: a new day can make dated rows valid or superseded, so the filter in ReferenceData.of runs again.
    private final SnapshotCache<LocalDate, ReferenceData> cache;
    private final PriceBookRepository prices;
    private final EnergyPriceRepository energy;
    private final HardwarePriceRepository hardware;
    private final CurrencyRateRepository rates;

    public ReferenceDataCache(CostModelConfig config, PriceBookRepository prices, EnergyPriceRepository energy,
            HardwarePriceRepository hardware, CurrencyRateRepository rates) {
        this.prices = prices;
        this.energy = energy;
        this.hardware = hardware;
        this.rates = rates;
        this.cache = new SnapshotCache<>(config.referenceData().refresh(), this::load);
    }

    /** The snapshot valid at {@code now}: the cached one while fresh, else a new one read in its own session. */
    public Uni<ReferenceData> current(Instant now) {
        return cache.get(LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    /**
     * A snapshot read less than {@code maxAge} ago: the cached one if it is that recent, else a new one. With a
     * short age it is used before rejecting a scenario for a missing price, so a row just added through another
     * replica is found, while scenarios no price covers cost at most one reload per {@code maxAge}.
     */
    public Uni<ReferenceData> notOlderThan(Duration maxAge, Instant now) {
        return cache.notOlderThan(LocalDate.ofInstant(now, ZoneOffset.UTC), maxAge);
    }

    /** Call after a committed edit of any reference table. */
    public void invalidate() {
        cache.invalidate();
    }

    // Panache.withSession rather than @WithSession: the cache calls this function, not a bean method that an
    // interceptor could wrap.
    private Uni<ReferenceData> load(LocalDate today) {
        return Panache.withSession(() -> prices.listAll()
                .chain(p -> energy.listAll()
                        .chain(e -> hardware.listAll()
                                .chain(h -> rates.listAll()
                                        .map(r -> ReferenceData.of(p, e, h, r, today))))));
    }
}
