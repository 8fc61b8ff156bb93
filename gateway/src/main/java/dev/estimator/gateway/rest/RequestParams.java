package dev.estimator.gateway.rest;

import java.util.List;
import java.util.regex.Pattern;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.chassis.rest.ProblemException;

/**
 * Path ids and query parameters, checked by the gateway before anything is read or a backend is called. Query
 * parameters arrive as text so that {@code page=abc} is a 400 naming {@code page} (JAX-RS answers an unconvertible
 * number parameter with a 404). An id that cannot exist (wrong shape, a NUL, 70 KB) is a 404 naming {@code id}, said
 * without calling anyone. {@link dev.estimator.chassis.rest.RequestLineGuard} already refused control characters and invalid encodings.
 */
final class RequestParams {

    /** Scenario and sweep ids: the gateway makes them, as random UUIDs. */
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Catalog ids: the catalog stores only these (catalog-service ModelData.SLUG). */
    private static final Pattern SLUG = Pattern.compile(ScenarioLimits.SLUG);
    /** Price-book ids: cost-service numbers its rows (a long). */
    private static final Pattern PRICE_ID = Pattern.compile("\\d{1,18}");

    /** Longest free-text filter passed on to a backend. */
    static final int MAX_FILTER_LENGTH = 200;

    private RequestParams() {
    }

    /** @param what "scenario" or "sweep" */
    static String registryId(String id, String what) {
        return require(id, UUID, "No " + what + " has this id: " + what + " ids are UUIDs, as the gateway answered them.",
                "must be a " + what + " id (a UUID)");
    }

    /** @param collection models, accelerators or organizations */
    static String catalogId(String id, String collection) {
        String singular = collection.substring(0, collection.length() - 1);
        return require(id, SLUG, "No " + singular + " has this id: catalog ids are lowercase slugs.", ScenarioLimits.SLUG_MESSAGE);
    }

    static String priceId(String id) {
        return require(id, PRICE_ID, "No price-book entry has this id: price ids are whole numbers.", "must be a price id (a whole number)");
    }

    private static String require(String id, Pattern shape, String detail, String message) {
        if (id == null || !shape.matcher(id).matches()) {
            throw new ProblemException(Problem.of(404, "not-found", "Not found", detail, List.of(new Problem.FieldError("id", message))));
        }
        return id;
    }

    /**
     * A whole number from {@code min} to {@code max}, or null when the parameter is absent.
     *
     * @throws ProblemException 400 naming the parameter
     */
    static Integer integer(String name, String value, int min, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() <= 11) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Not a whole number (or beyond an int): the same answer as out of range.
            }
        }
        throw ProblemException.validation(name, "must be a whole number from " + min + " to " + max);
    }

    /**
     * The page and size of a list whose first row (page x size) must fit an int, as the registry's and cost-service's
     * paging need; null where absent.
     */
    static Integer[] page(String page, String size, int defaultSize, int maxSize) {
        Integer s = integer("size", size, 1, maxSize);
        Integer p = integer("page", page, 0, Integer.MAX_VALUE / (s == null ? defaultSize : s) - 1);
        return new Integer[] { p, s };
    }

    /** A filter passed on to a backend as it is: at most {@value #MAX_FILTER_LENGTH} characters. */
    static String filter(String name, String value) {
        if (value != null && value.length() > MAX_FILTER_LENGTH) {
            throw ProblemException.validation(name, "must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return value;
    }
}
