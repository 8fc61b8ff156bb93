package dev.estimator.catalog.estimate;

import java.time.LocalDate;
import java.util.List;

/**
 * Doubling time of training compute: ordinary least squares of log2(FLOP) against the release date
 * in fractional years. The slope is doublings per year, so the doubling time is 12 / slope months.
 * Framework-free so it can be checked on synthetic data with a known answer.
 */
public final class ComputeTrendFit {

    /** One model's training compute at its release date. */
    public record Point(String modelId, LocalDate releaseDate, double trainingFlops) {
    }

    /**
     * @param doublingTimeMonths 12 / slope; null when the slope is not positive (no growth to double)
     * @param rSquared fraction of the variance of log2(FLOP) the line explains
     */
    public record Fit(int points, double fromYear, double toYear, double doublingsPerYear, Double doublingTimeMonths,
            double rSquared) {
    }

    private ComputeTrendFit() {
    }

    /** Fractional year: 2020-07-02 is ~2020.5. */
    public static double fractionalYear(LocalDate date) {
        return date.getYear() + (date.getDayOfYear() - 1) / (double) date.lengthOfYear();
    }

    /** Null when fewer than two points, or all at the same date (no slope to fit). */
    public static Fit fit(List<Point> points) {
        List<Point> usable = points.stream()
                .filter(p -> p.releaseDate() != null && p.trainingFlops() > 0 && Double.isFinite(p.trainingFlops()))
                .toList();
        int n = usable.size();
        if (n < 2) {
            return null;
        }
        double meanX = 0;
        double meanY = 0;
        for (Point p : usable) {
            meanX += fractionalYear(p.releaseDate());
            meanY += log2(p.trainingFlops());
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Point p : usable) {
            double x = fractionalYear(p.releaseDate());
            double dy = log2(p.trainingFlops()) - meanY;
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * dy;
            syy += dy * dy;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        }
        if (sxx == 0) {
            return null;
        }
        double slope = sxy / sxx;
        double rSquared = syy == 0 ? 1 : (sxy * sxy) / (sxx * syy);
        return new Fit(n, minX, maxX, slope, slope > 0 ? 12 / slope : null, rSquared);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
