package dev.estimator.cost.rest;

import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /prices and PUT /prices/{id}: one price-book row. {@code validFrom} is an ISO date. */
public record PriceRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a lowercase slug") String provider,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a lowercase accelerator slug") String accelerator,
        @NotNull @Pattern(regexp = "on-demand|reserved-1y|reserved-3y|spot|own-cloud",
                message = "must be one of on-demand, reserved-1y, reserved-3y, spot, own-cloud") String pricingModel,
        @NotBlank @Size(max = 64) String region,
        @NotNull @Pattern(regexp = "USD|CNY", message = "must be a known currency: USD or CNY") String currency,
        @NotNull @DecimalMin(value = "0", message = "must not be negative") Double pricePerHour,
        @NotNull LocalDate validFrom,
        @NotBlank @Size(max = 2000) String source) {
}
