package dev.estimator.catalog.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** This service's own settings ({@code catalog.*}); each is documented in application.properties. */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Seed seed();

    ReferenceDataSettings referenceData();

    interface Seed {
        /** Insert the classpath seed rows whose id is absent, at start. */
        @WithDefault("true")
        boolean enabled();
    }

    interface ReferenceDataSettings {
        /** How old the in-memory models and accelerators may get before the next batch reloads them. */
        @WithDefault("5s")
        Duration maxAge();

        /** A batch naming an id the snapshot lacks reloads it first if the snapshot is at least this old. */
        @WithDefault("1s")
        Duration reloadOnMissAfter();
    }
}
