package dev.estimator.compute.service;

import dev.estimator.compute.estimate.EfficiencyProfile;
import dev.estimator.compute.estimate.PublishedRun;
import dev.estimator.compute.repository.EfficiencyProfileEntity;
import dev.estimator.compute.repository.ReferenceRun;

/** Between the estimate package's values and their rows: the estimator's NaN ("not published") is SQL NULL. */
final class ReferenceRows {

    private ReferenceRows() {
    }

    static ReferenceRun entity(PublishedRun r) {
        ReferenceRun e = new ReferenceRun();
        e.id = r.id();
        e.model = r.model();
        e.paramsTotal = nullIfNaN(r.paramsTotal());
        e.paramsActive = nullIfNaN(r.paramsActive());
        e.tokens = nullIfNaN(r.tokens());
        e.accelerator = r.accelerator();
        e.acceleratorCount = r.acceleratorCount() > 0 ? r.acceleratorCount() : null;
        e.acceleratorHours = nullIfNaN(r.acceleratorHours());
        e.pfDays = nullIfNaN(r.pfDays());
        e.energyMwh = nullIfNaN(r.energyMwh());
        e.tco2 = nullIfNaN(r.tco2());
        e.costUsd = nullIfNaN(r.costUsd());
        e.pricePerAcceleratorHour = nullIfNaN(r.pricePerAcceleratorHour());
        e.kind = r.kind();
        e.source = r.source();
        e.notes = r.notes();
        return e;
    }

    static PublishedRun run(ReferenceRun e) {
        return new PublishedRun(e.id, e.model, nanIfNull(e.paramsTotal), nanIfNull(e.paramsActive), nanIfNull(e.tokens),
                e.accelerator, e.acceleratorCount == null ? 0 : e.acceleratorCount, nanIfNull(e.acceleratorHours),
                nanIfNull(e.pfDays), nanIfNull(e.energyMwh), nanIfNull(e.tco2), nanIfNull(e.costUsd),
                nanIfNull(e.pricePerAcceleratorHour), e.kind, e.source, e.notes);
    }

    static EfficiencyProfileEntity entity(EfficiencyProfile p) {
        EfficiencyProfileEntity e = new EfficiencyProfileEntity();
        e.family = p.family().id();
        e.referenceUtilization = p.referenceUtilization();
        e.defaultUtilization = p.defaultUtilization();
        e.lowUtilization = p.lowUtilization();
        e.highUtilization = p.highUtilization();
        e.gpuHoursP10Multiplier = p.hoursP10Multiplier();
        e.gpuHoursP90Multiplier = p.hoursP90Multiplier();
        e.derivation = p.derivation();
        e.bandSource = p.bandSource();
        e.calibrationRuns = String.join(",", p.calibrationRuns());
        return e;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double nanIfNull(Double d) {
        return d == null ? Double.NaN : d;
    }
}
