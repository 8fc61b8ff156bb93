package dev.estimator.cost.service;

import dev.estimator.cost.estimate.OwnershipParameters;
import dev.estimator.cost.estimate.UncertaintyParameters;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Model parameters; defaults and their sources are in application.properties and docs/method/cost.md. */
@ConfigMapping(prefix = "cost")
public interface CostModelConfig {

    Ownership ownership();

    Uncertainty uncertainty();

    ReferenceDataRefresh referenceData();

    interface ReferenceDataRefresh {
        /** How long a replica prices against its snapshot before re-reading edits made through other replicas. */
        @WithDefault("PT10S")
        java.time.Duration refresh();

        /** Before rejecting for a missing price, the snapshot is re-read if it is older than this. */
        @WithDefault("PT1S")
        java.time.Duration reloadOnMissAfter();
    }

    interface Ownership {
        @WithDefault("0.64")
        double serverOverhead();

        @WithDefault("0.19")
        double interconnectShare();

        @WithDefault("0.14")
        double depreciationOomPerYear();

        @WithDefault("1.82")
        double powerMultiplier();

        @WithDefault("0.76")
        double averageDraw();

        @WithDefault("1.1")
        double pue();

        @WithDefault("0.10")
        double operationsShare();
    }

    interface Uncertainty {
        @WithDefault("1000")
        int samples();

        @WithDefault("0.15")
        double defaultGpuHourSigma();

        @WithDefault("0.10")
        double priceSigma();

        @WithDefault("0.25")
        double overheadSpread();
    }

    default OwnershipParameters ownershipParameters() {
        Ownership o = ownership();
        return new OwnershipParameters(o.serverOverhead(), o.interconnectShare(), o.depreciationOomPerYear(),
                o.powerMultiplier(), o.averageDraw(), o.pue(), o.operationsShare());
    }

    default UncertaintyParameters uncertaintyParameters() {
        Uncertainty u = uncertainty();
        return new UncertaintyParameters(u.samples(), u.defaultGpuHourSigma(), u.priceSigma(), u.overheadSpread());
    }
}
