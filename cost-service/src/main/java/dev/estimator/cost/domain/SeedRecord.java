package dev.estimator.cost.domain;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A seed row that was inserted once. The seeder never inserts a key again, so an admin's edit or
 * deletion of a seeded row survives restarts.
 */
@Entity
@Table(name = "seed_record")
public class SeedRecord extends PanacheEntityBase {

    @Id
    @Column(name = "seed_key", length = 500)
    public String key;

    @Column(name = "seeded_at")
    public Instant seededAt;

    public static SeedRecord of(String key, Instant at) {
        SeedRecord r = new SeedRecord();
        r.key = key;
        r.seededAt = at;
        return r;
    }
}
