package dev.estimator.cost.rest;

import dev.estimator.chassis.error.InvalidInputException;

/**
 * The {@code page} (0-based) and {@code size} query parameters of a list. They arrive as strings so that a bad value
 * is a 400 naming the parameter (JAX-RS answers an unconvertible query parameter with a 404).
 */
record Paging(int page, int size) {

    static final int MAX_SIZE = 200;

    static Paging of(String page, String size) {
        int s = parse("size", size, 1, MAX_SIZE);
        // The first row, page x size, must fit an int (Panache pages by int): the largest page depends on the size.
        return new Paging(parse("page", page, 0, Integer.MAX_VALUE / s - 1), s);
    }

    private static int parse(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Not an int at all (or beyond one): the same answer as out of range.
        }
        throw InvalidInputException.of(name, "must be an integer between " + min + " and " + max);
    }
}
