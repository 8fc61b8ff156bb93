package dev.estimator.cost.rest;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.cost.repository.PriceBookEntry;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /prices and PUT /prices/{id}: one price-book row. */
@Schema(name = "PriceRequest", description = "One price-book row: a price per accelerator-hour, from a date on, with its source")
public record PriceRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a lowercase slug")
        @Schema(examples = "aws") String provider,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a lowercase accelerator slug")
        @Schema(examples = "nvidia-h100-sxm") String accelerator,
        @NotNull @Pattern(regexp = "on-demand|reserved-1y|reserved-3y|spot|own-cloud",
                message = "must be one of on-demand, reserved-1y, reserved-3y, spot, own-cloud")
        @Schema(enumeration = { "on-demand", "reserved-1y", "reserved-3y", "spot", "own-cloud" }) String pricingModel,
        @NotBlank @Size(max = 64) @Schema(examples = "us-east") String region,
        @NotNull @Pattern(regexp = "USD|CNY", message = "must be a known currency: USD or CNY")
        @Schema(enumeration = { "USD", "CNY" }) String currency,
        @NotNull @DecimalMin(value = "0", message = "must not be negative")
        @Schema(description = "Per accelerator-hour, in currency", examples = "6.88") Double pricePerHour,
        @NotNull @Schema(description = "ISO date from which the price applies", examples = "2025-06-01") LocalDate validFrom,
        @NotBlank @Size(max = 2000) @Schema(description = "Where the price is published") String source,
        @Pattern(regexp = "list|reported|assumed", message = "must be one of list, reported, assumed")
        @Schema(enumeration = { "list", "reported", "assumed" }, description = "list: the provider's published price; "
                + "reported: press, analysts or third parties; assumed: a stated assumption (e.g. a paper's rental rate). "
                + "Absent: not marked") String confidence) {

    PriceBookEntry toEntry() {
        PriceBookEntry e = new PriceBookEntry(provider, accelerator, pricingModel, region, currency, pricePerHour, validFrom, source);
        e.confidence = confidence;
        return e;
    }
}
