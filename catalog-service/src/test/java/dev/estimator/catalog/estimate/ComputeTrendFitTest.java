package dev.estimator.catalog.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ComputeTrendFitTest {

    /** FLOP doubling exactly every `months` months from 1e20 at 2018-01-01, sampled every `stepMonths`. */
    static List<ComputeTrendFit.Point> exponential(double months, int points, int stepMonths) {
        List<ComputeTrendFit.Point> out = new ArrayList<>();
        LocalDate start = LocalDate.of(2018, 1, 1);
        for (int i = 0; i < points; i++) {
            LocalDate date = start.plusMonths((long) i * stepMonths);
            double years = ComputeTrendFit.fractionalYear(date) - ComputeTrendFit.fractionalYear(start);
            out.add(new ComputeTrendFit.Point("m" + i, date, 1e20 * Math.pow(2, years * 12 / months)));
        }
        return out;
    }

    @Test
    void recoversAnExactDoublingTimeAndSpan() {
        ComputeTrendFit.Fit fit = ComputeTrendFit.fit(exponential(6.0, 13, 6));
        assertEquals(6.0, fit.doublingTimeMonths(), 1e-9);
        assertEquals(2.0, fit.doublingsPerYear(), 1e-9);
        assertEquals(1.0, fit.rSquared(), 1e-12);
        assertEquals(13, fit.points());
        assertEquals(2018.0, fit.fromYear(), 1e-9);
        assertEquals(2024.0, fit.toYear(), 1e-9);
    }

    @Test
    void symmetricNoiseDoesNotMoveTheSlope() {
        // Pairs of points at the same date, x2 and /2 around the trend: least squares keeps the slope exactly.
        List<ComputeTrendFit.Point> noisy = new ArrayList<>();
        for (ComputeTrendFit.Point p : exponential(3.4, 10, 5)) {
            noisy.add(new ComputeTrendFit.Point(p.modelId() + "a", p.releaseDate(), p.trainingFlops() * 2));
            noisy.add(new ComputeTrendFit.Point(p.modelId() + "b", p.releaseDate(), p.trainingFlops() / 2));
        }
        ComputeTrendFit.Fit fit = ComputeTrendFit.fit(noisy);
        assertEquals(3.4, fit.doublingTimeMonths(), 1e-9);
        assertEquals(20, fit.points());
        // With +-1 doubling of noise around a line the fit explains less than all of the variance.
        assertEquals(true, fit.rSquared() < 1);
    }

    @Test
    void noFitWithoutTwoDistinctDates() {
        assertNull(ComputeTrendFit.fit(List.of(new ComputeTrendFit.Point("a", LocalDate.of(2020, 1, 1), 1e20))));
        assertNull(ComputeTrendFit.fit(List.of(new ComputeTrendFit.Point("a", LocalDate.of(2020, 1, 1), 1e20),
                new ComputeTrendFit.Point("b", LocalDate.of(2020, 1, 1), 1e22))));
    }

    @Test
    void shrinkingComputeHasNoDoublingTime() {
        ComputeTrendFit.Fit fit = ComputeTrendFit.fit(List.of(new ComputeTrendFit.Point("a", LocalDate.of(2020, 1, 1), 1e22),
                new ComputeTrendFit.Point("b", LocalDate.of(2021, 1, 1), 1e20)));
        assertNull(fit.doublingTimeMonths());
    }

    @Test
    void trainingComputePrefersPublishedFiguresOver6ND() {
        // GPT-3 175B: Table D.1 gives 3.14e23 FLOP; 6ND would give 3.14e23 too, so check precedence with distinct values.
        assertEquals(1.0, TrainingCompute.trainingFlops(1.0, 5.0, 10.0, null, 10.0));
        assertEquals(3640 * 8.64e19, TrainingCompute.trainingFlops(null, 3640.0, 174.6e9, null, 300e9), 1e10);
        // MoE: active parameters, not total (DeepSeek-V3: 6 x 37e9 x 14.8e12).
        assertEquals(6 * 37e9 * 14.8e12, TrainingCompute.trainingFlops(null, null, 671e9, 37e9, 14.8e12), 1e10);
        assertNull(TrainingCompute.trainingFlops(null, null, 1e9, null, null));
    }
}
