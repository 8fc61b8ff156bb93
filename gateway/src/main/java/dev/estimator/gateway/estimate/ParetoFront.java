package dev.estimator.gateway.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Cost versus wall-clock trade-offs of a sweep: the cheapest point, the fastest point, and the points no
 * other point beats on both (lower or equal cost and time, strictly lower in one).
 */
public final class ParetoFront {

    /** One finished scenario: its training cost and how many days the run takes. */
    public record Point(String id, double cost, double days) {
    }

    private ParetoFront() {
    }

    public static Optional<Point> cheapest(List<Point> points) {
        return points.stream().min(Comparator.comparingDouble(Point::cost).thenComparingDouble(Point::days)
                .thenComparing(Point::id));
    }

    public static Optional<Point> fastest(List<Point> points) {
        return points.stream().min(Comparator.comparingDouble(Point::days).thenComparingDouble(Point::cost)
                .thenComparing(Point::id));
    }

    /** The non-dominated points, fastest first (so cost decreases along the list). O(n log n). */
    public static List<Point> of(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::days).thenComparingDouble(Point::cost).thenComparing(Point::id));
        List<Point> front = new ArrayList<>();
        double bestCost = Double.POSITIVE_INFINITY;
        for (Point p : sorted) {
            // A point that is not cheaper than every faster one is dominated (ties in both: keep the first only).
            if (p.cost() < bestCost) {
                front.add(p);
                bestCost = p.cost();
            }
        }
        return front;
    }
}
