package dev.estimator.catalog.rest;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.estimator.catalog.service.PageRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * Paging and sorting query parameters. They arrive as strings so that {@code page=abc} is a 400 naming the
 * parameter (JAX-RS answers an unconvertible int parameter 404), and are bounded so that page times size, the row
 * offset, always fits an int.
 */
public class ListQuery {

    @QueryParam("page")
    @DefaultValue("0")
    @Parameter(description = "0-based page number, at most 999999")
    @Pattern(regexp = "\\d{1,6}", message = "must be an integer from 0 to 999999")
    String page;

    @QueryParam("size")
    @DefaultValue("20")
    @Parameter(description = "Items per page, 1 to 200")
    @Pattern(regexp = "[1-9]|[1-9]\\d|1\\d\\d|200", message = "must be an integer from 1 to 200")
    String size;

    @QueryParam("sort")
    @Parameter(description = "A field name, or -field for descending; ties are broken by id", example = "-parameters")
    String sort;

    PageRequest toRequest() {
        return new PageRequest(Integer.parseInt(page), Integer.parseInt(size), sort);
    }
}
