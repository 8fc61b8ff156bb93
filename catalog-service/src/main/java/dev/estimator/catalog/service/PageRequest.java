package dev.estimator.catalog.service;

import java.util.Set;
import java.util.TreeSet;

import dev.estimator.chassis.error.InvalidInputException;
import io.quarkus.panache.common.Sort;

/**
 * One page of a list: {@code page} is 0-based; {@code sort} is a field name, {@code -field} for descending, null for
 * the id. The caller bounds page and size so that page times size fits an int (the row offset).
 */
public record PageRequest(int page, int size, String sort) {

    /** The order to list in, ties broken by id so pages are stable; a field outside {@code sortable} is refused. */
    Sort order(Set<String> sortable) {
        String wanted = sort == null || sort.isBlank() ? "id" : sort.trim();
        boolean descending = wanted.startsWith("-");
        String field = descending ? wanted.substring(1) : wanted;
        if (!sortable.contains(field)) {
            throw InvalidInputException.of("sort", "cannot sort by '" + field + "'; sortable fields: " + new TreeSet<>(sortable));
        }
        Sort order = descending ? Sort.descending(field) : Sort.ascending(field);
        return field.equals("id") ? order : order.and("id");
    }
}
