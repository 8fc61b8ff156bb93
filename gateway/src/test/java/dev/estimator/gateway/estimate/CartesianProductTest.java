package dev.estimator.gateway.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CartesianProductTest {

    @Test
    void enumeratesEveryCombinationFirstAxisSlowest() {
        LinkedHashMap<String, List<Object>> axes = new LinkedHashMap<>();
        axes.put("hardware.accelerator", List.of("a100", "h100"));
        axes.put("hardware.count", List.of(8, 16, 32));
        assertEquals(6, CartesianProduct.size(axes));
        List<Map<String, Object>> all = CartesianProduct.all(axes);
        assertEquals(List.of(Map.of("hardware.accelerator", "a100", "hardware.count", 8),
                Map.of("hardware.accelerator", "a100", "hardware.count", 16),
                Map.of("hardware.accelerator", "a100", "hardware.count", 32),
                Map.of("hardware.accelerator", "h100", "hardware.count", 8),
                Map.of("hardware.accelerator", "h100", "hardware.count", 16),
                Map.of("hardware.accelerator", "h100", "hardware.count", 32)), all);
    }

    @Test
    void sizeSaturatesInsteadOfOverflowing() {
        LinkedHashMap<String, List<Integer>> axes = new LinkedHashMap<>();
        List<Integer> big = java.util.Collections.nCopies(1_000_000, 1);
        for (int i = 0; i < 5; i++) {
            axes.put("axis" + i, big);
        }
        assertEquals(Long.MAX_VALUE, CartesianProduct.size(axes));
    }
}
