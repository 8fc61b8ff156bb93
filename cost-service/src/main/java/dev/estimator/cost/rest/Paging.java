package dev.estimator.cost.rest;

/** Reads {@code page} (0-based) and {@code size} query parameters; a bad value is a 400 naming the parameter. */
final class Paging {

    private Paging() {
    }

    static int page(String value) {
        return parse("page", value, 0, Integer.MAX_VALUE);
    }

    static int size(String value, int max) {
        return parse("size", value, 1, max);
    }

    private static int parse(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(name, "must be an integer between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw InvalidInputException.of(name, "must be an integer between " + min + " and " + max);
        }
        return n;
    }
}
