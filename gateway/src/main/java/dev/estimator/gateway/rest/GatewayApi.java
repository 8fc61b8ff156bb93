package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import jakarta.ws.rs.core.Application;

/**
 * OpenAPI document metadata: reads are anonymous; submissions and admin edits need a JWT bearer token. The enumerations
 * of the request are declared here and referred to by name ({@code @Schema(ref = ...)}): their fields are text checked
 * by {@link OneOf}, so that every wrong value is reported at once, and their schema cannot come from the field's type.
 */
@OpenAPIDefinition(info = @Info(title = "Compute and cost estimator API", version = "v1", description = """
        Estimate training compute, time, energy and cost of (multi-modal) large models. Errors are RFC 9457
        application/problem+json with errors[] of {field, message}. Roles: analyst submits scenarios and sweeps,
        admin also edits the catalog and prices; reads are anonymous. Locally, deploy/local/token.sh ROLE prints a token."""),
        components = @Components(schemas = {
                @Schema(name = "Precision", implementation = ScenarioLimits.Precision.class),
                @Schema(name = "Architecture", implementation = ScenarioLimits.Architecture.class),
                @Schema(name = "PricingModel", implementation = ScenarioLimits.PricingModel.class),
                @Schema(name = "Modality", implementation = ScenarioLimits.Modality.class) }))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class GatewayApi extends Application {
}
