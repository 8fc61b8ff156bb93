package dev.estimator.cost.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A seed row that was inserted once. The seeder never inserts a key again, so an admin's edit or deletion of a
 * seeded row survives restarts.
 */
@Entity
@Table(name = "seed_record")
public class SeedRecord {

    @Id
    @Column(length = 500)
    public String seedKey;

    public Instant seededAt;

    public SeedRecord() {
    }

    public SeedRecord(String seedKey, Instant seededAt) {
        this.seedKey = seedKey;
        this.seededAt = seededAt;
    }
}
