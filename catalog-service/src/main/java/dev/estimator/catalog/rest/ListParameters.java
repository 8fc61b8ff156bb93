package dev.estimator.catalog.rest;

import java.util.Set;

import io.quarkus.panache.common.Sort;

/**
 * Paging and sorting query parameters. They arrive as strings so that "page=abc" is a 400 naming
 * the parameter instead of the 404 JAX-RS gives for an unconvertible query parameter.
 */
public record ListParameters(int page, int size, Sort sort) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    public static ListParameters parse(String page, String size, String sort, Set<String> sortable, String defaultSort) {
        FieldChecks checks = new FieldChecks();
        int p = parseInt(checks, "page", page, 0);
        int s = parseInt(checks, "size", size, DEFAULT_SIZE);
        if (p < 0) {
            checks.add("page", "must be >= 0, was " + p);
        }
        if (s < 1 || s > MAX_SIZE) {
            checks.add("size", "must be between 1 and " + MAX_SIZE + ", was " + s);
        }
        String wanted = sort == null || sort.isBlank() ? defaultSort : sort.trim();
        boolean descending = wanted.startsWith("-");
        String field = descending ? wanted.substring(1) : wanted;
        if (!sortable.contains(field)) {
            checks.add("sort", "cannot sort by '" + field + "'; sortable fields: " + new java.util.TreeSet<>(sortable));
        }
        checks.throwIfAny();
        // Ties broken by id so pages are stable.
        Sort order = descending ? Sort.descending(field) : Sort.ascending(field);
        if (!field.equals("id")) {
            order = order.and("id");
        }
        return new ListParameters(p, s, order);
    }

    private static int parseInt(FieldChecks checks, String field, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            checks.add(field, "must be an integer, was '" + value + "'");
            return defaultValue;
        }
    }
}
