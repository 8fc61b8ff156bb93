package dev.estimator.gateway.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The members of a sweep: every combination of the varied values, the first axis varying slowest. */
public final class CartesianProduct {

    private CartesianProduct() {
    }

    /** Size of the product, saturating at {@link Long#MAX_VALUE} so a huge request cannot overflow the limit check. */
    public static long size(Map<String, ? extends List<?>> axes) {
        long size = 1;
        for (List<?> values : axes.values()) {
            if (values.isEmpty()) {
                return 0;
            }
            if (size > Long.MAX_VALUE / values.size()) {
                return Long.MAX_VALUE;
            }
            size *= values.size();
        }
        return size;
    }

    /** The {@code index}-th combination (0-based, mixed-radix), as axis -> value in axis order. */
    public static <T> Map<String, T> combination(LinkedHashMap<String, List<T>> axes, long index) {
        List<String> names = new ArrayList<>(axes.keySet());
        Map<String, T> picked = new LinkedHashMap<>();
        long rest = index;
        Object[] values = new Object[names.size()];
        for (int i = names.size() - 1; i >= 0; i--) {
            List<T> axis = axes.get(names.get(i));
            values[i] = axis.get((int) (rest % axis.size()));
            rest /= axis.size();
        }
        for (int i = 0; i < names.size(); i++) {
            @SuppressWarnings("unchecked")
            T value = (T) values[i];
            picked.put(names.get(i), value);
        }
        return picked;
    }

    public static <T> List<Map<String, T>> all(LinkedHashMap<String, List<T>> axes) {
        long size = size(axes);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("product of " + size + " combinations is too large to list");
        }
        List<Map<String, T>> all = new ArrayList<>((int) size);
        for (long i = 0; i < size; i++) {
            all.add(combination(axes, i));
        }
        return all;
    }
}
