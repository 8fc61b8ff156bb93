package dev.estimator.catalog.rest;

import java.util.Set;

import dev.estimator.catalog.domain.Organization;

/** Body of POST /organizations and PUT /organizations/{id}. */
public record OrganizationInput(String id, String name, String country, String kind, String ownCloud,
        Double reportedTrainingCostUsdMin, Double reportedTrainingCostUsdMax, String notes, String source) {

    public static final Set<String> KINDS = Set.of("big-tech", "startup", "lab", "academia", "chip-vendor", "cloud");

    void validate(boolean idRequired) {
        FieldChecks c = new FieldChecks();
        c.slug("id", id, idRequired);
        c.text("name", name, true, 200);
        if (country != null && !country.matches("[A-Z]{2}")) {
            c.add("country", "must be an ISO 3166-1 alpha-2 code such as 'CN', was '" + country + "'");
        }
        c.oneOf("kind", kind, KINDS, true);
        c.text("ownCloud", ownCloud, false, 200);
        c.positive("reportedTrainingCostUsdMin", reportedTrainingCostUsdMin, 1e12, false);
        c.positive("reportedTrainingCostUsdMax", reportedTrainingCostUsdMax, 1e12, false);
        if (reportedTrainingCostUsdMin != null && reportedTrainingCostUsdMax != null
                && reportedTrainingCostUsdMin > reportedTrainingCostUsdMax) {
            c.add("reportedTrainingCostUsdMax", "must be >= reportedTrainingCostUsdMin");
        }
        c.text("notes", notes, false, 2000);
        c.text("source", source, true, 2000);
        c.throwIfAny();
    }

    void applyTo(Organization o) {
        o.name = name;
        o.country = country;
        o.kind = kind;
        o.ownCloud = ownCloud;
        o.reportedTrainingCostUsdMin = reportedTrainingCostUsdMin;
        o.reportedTrainingCostUsdMax = reportedTrainingCostUsdMax;
        o.notes = notes;
        o.source = source;
    }
}
