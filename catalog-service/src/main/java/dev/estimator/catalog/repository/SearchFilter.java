package dev.estimator.catalog.repository;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds a Panache where-clause from optional filters; absent filters add nothing. */
public final class SearchFilter {

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Map<String, Object> parameters = new HashMap<>();

    public SearchFilter equalsIgnoreCase(String column, String name, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and lower(").append(column).append(") = :").append(name);
            parameters.put(name, value.trim().toLowerCase(Locale.ROOT));
        }
        return this;
    }

    public SearchFilter contains(String column, String name, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(column).append(" like :").append(name);
            parameters.put(name, "%" + value.trim().toLowerCase(Locale.ROOT) + "%");
        }
        return this;
    }

    /** Free text: a case-insensitive substring of any of the columns. */
    public SearchFilter text(String value, String... columns) {
        if (value != null && !value.isBlank()) {
            where.append(" and (");
            for (int i = 0; i < columns.length; i++) {
                where.append(i == 0 ? "" : " or ").append("lower(coalesce(").append(columns[i]).append(", '')) like :q");
            }
            where.append(")");
            parameters.put("q", "%" + value.trim().toLowerCase(Locale.ROOT) + "%");
        }
        return this;
    }

    public String where() {
        return where.toString();
    }

    public Map<String, Object> parameters() {
        return parameters;
    }
}
