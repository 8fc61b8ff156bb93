package dev.estimator.catalog.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.catalog.repository.Organization;
import dev.estimator.chassis.error.InvalidInputException.Violation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** An organization: the body of POST /organizations and PUT /organizations/{id}, and what GET answers. */
@Schema(name = "Organization", description = "A company, lab or university, with the cloud it owns")
@Consistent
public record OrganizationData(
        @Schema(description = "Lowercase slug; required on POST, taken from the path on PUT", example = "alibaba")
        @NotBlank(groups = OnCreate.class) @Pattern(regexp = ModelData.SLUG, message = ModelData.SLUG_MESSAGE) String id,
        @NotBlank @Size(max = 200) String name,
        @Schema(description = "ISO 3166-1 alpha-2", example = "CN")
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as 'CN'") String country,
        @Schema(enumeration = { "big-tech", "startup", "lab", "academia", "chip-vendor", "cloud" })
        @NotNull @Pattern(regexp = KINDS, message = "must be one of " + KINDS) String kind,
        @Size(max = 200) String ownCloud,
        @Schema(description = "Reported training spend per mainstream model, USD; null when not reported")
        @Positive @DecimalMax("1e12") Double reportedTrainingCostUsdMin,
        @Positive @DecimalMax("1e12") Double reportedTrainingCostUsdMax,
        @Size(max = 2000) String notes,
        @NotBlank @Size(max = 2000) String source) implements Consistent.Checked {

    static final String KINDS = "big-tech|startup|lab|academia|chip-vendor|cloud";

    @Override
    public List<Violation> inconsistencies() {
        if (reportedTrainingCostUsdMin != null && reportedTrainingCostUsdMax != null
                && reportedTrainingCostUsdMin > reportedTrainingCostUsdMax) {
            return List.of(new Violation("reportedTrainingCostUsdMax", "must be >= reportedTrainingCostUsdMin"));
        }
        return List.of();
    }

    static OrganizationData of(Organization o) {
        return new OrganizationData(o.id, o.name, o.country, o.kind, o.ownCloud, o.reportedTrainingCostUsdMin,
                o.reportedTrainingCostUsdMax, o.notes, o.source);
    }

    Organization toEntity() {
        Organization o = new Organization();
        o.id = id;
        o.name = name;
        o.country = country;
        o.kind = kind;
        o.ownCloud = ownCloud;
        o.reportedTrainingCostUsdMin = reportedTrainingCostUsdMin;
        o.reportedTrainingCostUsdMax = reportedTrainingCostUsdMax;
        o.notes = notes;
        o.source = source;
        return o;
    }
}
