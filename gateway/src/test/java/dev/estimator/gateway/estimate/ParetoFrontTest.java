package dev.estimator.gateway.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.estimator.gateway.estimate.ParetoFront.Point;

class ParetoFrontTest {

    @Test
    void keepsOnlyNonDominatedPointsFastestFirst() {
        List<Point> points = List.of(new Point("a", 10, 10), new Point("b", 8, 12), new Point("c", 12, 8),
                new Point("d", 9, 15), new Point("e", 7, 20), new Point("f", 12, 8), new Point("g", 13, 8));
        assertEquals(List.of("c", "a", "b", "e"), ParetoFront.of(points).stream().map(Point::id).toList());
        assertEquals("e", ParetoFront.cheapest(points).orElseThrow().id());
        assertEquals("c", ParetoFront.fastest(points).orElseThrow().id());
        assertTrue(ParetoFront.of(List.of()).isEmpty());
    }

    @Test
    void agreesWithTheDefinitionOnRandomPoints() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                points.add(new Point("p" + i, random.nextInt(20), random.nextInt(20)));
            }
            List<Point> front = ParetoFront.of(points);
            for (Point p : points) {
                boolean dominated = points.stream().anyMatch(q -> q.cost() <= p.cost() && q.days() <= p.days()
                        && (q.cost() < p.cost() || q.days() < p.days()));
                boolean duplicateOfFrontPoint = front.stream().anyMatch(f -> f != p && f.cost() == p.cost() && f.days() == p.days());
                if (dominated) {
                    assertTrue(!front.contains(p), p + " is dominated");
                } else if (!duplicateOfFrontPoint) {
                    assertTrue(front.contains(p), p + " is on the front");
                }
            }
        }
    }
}
