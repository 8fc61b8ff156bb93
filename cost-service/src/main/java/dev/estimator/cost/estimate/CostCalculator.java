package dev.estimator.cost.estimate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cloud rental, ownership (amortized hardware + energy + operations), serving, programme, and a seeded Monte Carlo
 * range of the programme total, as docs/method/cost.md describes them. Pure arithmetic: no framework types, no I/O,
 * the same inputs and seed always give the same result.
 */
public final class CostCalculator {

    /** Hours in a month of an average year (8760 / 12). */
    static final double HOURS_PER_MONTH = OwnershipParameters.HOURS_PER_YEAR / 12;
    /** Days in a month of an average year (365 / 12). */
    static final double DAYS_PER_MONTH = 365.0 / 12;
    /** z of the 90th percentile of a standard normal: a p10..p90 band spans 2 x 1.2816 sigma. */
    static final double Z90 = 1.2815515655446004;

    private final OwnershipParameters ownership;
    private final UncertaintyParameters uncertainty;

    public CostCalculator(OwnershipParameters ownership, UncertaintyParameters uncertainty) {
        this.ownership = ownership;
        this.uncertainty = uncertainty;
    }

    public OwnershipParameters ownership() {
        return ownership;
    }

    /**
     * Ownership cost of one accelerator-hour in USD (amortized hardware + energy + operations), or NaN
     * when the purchase price is unknown. Used as the own-cloud rate when no price book row exists.
     */
    public double ownershipPerGpuHourUsd(double unitPriceUsd, double tdpWatts, double electricityUsdPerKwh) {
        if (!(unitPriceUsd > 0) || !(tdpWatts > 0)) {
            return Double.NaN;
        }
        double hardware = amortizedHardwarePerGpuHour(unitPriceUsd);
        return hardware * (1 + ownership.operationsShare())
                + tdpWatts / 1000 * ownership.wallPowerPerTdp() * electricityUsdPerKwh;
    }

    double amortizedHardwarePerGpuHour(double unitPriceUsd) {
        return unitPriceUsd * ownership.hardwarePerAcceleratorDollar() * ownership.depreciationPerYear()
                / OwnershipParameters.HOURS_PER_YEAR;
    }

    /**
     * @param in               inputs in USD
     * @param usdToCurrency    units of the asked currency per USD (1 for USD)
     * @param seed             Monte Carlo seed (same seed, same range)
     */
    public CostResult calculate(CostInputs in, double usdToCurrency, long seed) {
        double fx = usdToCurrency;
        double cloud = in.gpuHours() * in.pricePerGpuHourUsd();

        List<CostResult.Item> breakdown = new ArrayList<>();

        double ownershipTotal = Double.NaN;
        double saving = Double.NaN;
        if (in.unitPriceUsd() > 0) {
            double hardware = in.gpuHours() * amortizedHardwarePerGpuHour(in.unitPriceUsd());
            double energyKwh = ownershipEnergyKwh(in);
            double energy = energyKwh * in.electricityUsdPerKwh();
            double operations = hardware * ownership.operationsShare();
            ownershipTotal = hardware + energy + operations;
            saving = cloud - ownershipTotal;
            breakdown.add(new CostResult.Item("own cloud: amortized hardware (accelerators, servers, interconnect)", hardware * fx));
            breakdown.add(new CostResult.Item("own cloud: energy", energy * fx));
            breakdown.add(new CostResult.Item("own cloud: operations", operations * fx));
        }

        double servingHours = in.servingAccelerators() * in.servingMonths() * HOURS_PER_MONTH;
        double servingTotal = servingHours * in.pricePerGpuHourUsd();
        double tokensServed = in.servingTokensPerDay() * in.servingMonths() * DAYS_PER_MONTH;
        double per1M = tokensServed > 0 && servingTotal > 0 ? servingTotal / tokensServed * 1e6 : Double.NaN;
        // Hosting on an own cloud: the same accelerator-hours at the ownership rate (additive to the rental figure).
        double ownRate = ownershipPerGpuHourUsd(in.unitPriceUsd(), in.tdpWatts(), in.electricityUsdPerKwh());
        double servingOwnership = servingHours > 0 && ownRate > 0 ? servingHours * ownRate : Double.NaN;
        double servingSaving = Double.isNaN(servingOwnership) ? Double.NaN : servingTotal - servingOwnership;
        if (!Double.isNaN(servingOwnership)) {
            breakdown.add(new CostResult.Item("own cloud: serving (amortized hardware, energy, operations)", servingOwnership * fx));
        }

        double experiments = cloud * in.experimentMultiplier();
        double staff = in.staffUsd(cloud + experiments + in.dataCostUsd());
        double programme = cloud + experiments + in.dataCostUsd() + staff + servingTotal;
        breakdown.add(0, new CostResult.Item("programme: final training run (rental)", cloud * fx));
        breakdown.add(1, new CostResult.Item("programme: experiments and failed runs", experiments * fx));
        breakdown.add(2, new CostResult.Item("programme: data", in.dataCostUsd() * fx));
        breakdown.add(3, new CostResult.Item("programme: staff", staff * fx));
        breakdown.add(4, new CostResult.Item("programme: serving (rental)", servingTotal * fx));

        double breakEven = breakEvenMonths(in, ownRate);
        double[] range = programmeRange(in, servingTotal, staff, seed);
        return new CostResult(cloud * fx, ownershipTotal * fx, saving * fx, servingTotal * fx, per1M * fx,
                programme * fx, range[0] * fx, range[1] * fx, range[2] * fx, List.copyOf(breakdown),
                servingOwnership * fx, servingSaving * fx, breakEven, staff * fx);
    }

    /**
     * Months from the start of training after which buying the cluster has paid for itself: the hardware is bought up
     * front (accelerators, servers and interconnect for the larger of the training cluster and the serving fleet), and
     * each month of use avoids the rent of the accelerators in use minus what running them costs (energy and
     * operations). The final run uses the training cluster for its wall-clock time, serving then uses the serving
     * fleet. NaN without a purchase price, a training cluster size and duration, or when owning never pays off
     * (running costs at or above the rent). The result may lie beyond the serving horizon.
     */
    double breakEvenMonths(CostInputs in, double ownRate) {
        double trainingAccelerators = in.trainingAccelerators();
        if (!(ownRate > 0) || !(in.unitPriceUsd() > 0) || !(trainingAccelerators > 0) || !(in.trainingDays() > 0)) {
            return Double.NaN;
        }
        double fleet = Math.max(trainingAccelerators, in.servingAccelerators());
        double capex = in.unitPriceUsd() * ownership.hardwarePerAcceleratorDollar() * fleet;
        double running = ownRate - amortizedHardwarePerGpuHour(in.unitPriceUsd());
        double perAcceleratorMonth = (in.pricePerGpuHourUsd() - running) * HOURS_PER_MONTH;
        if (!(perAcceleratorMonth > 0)) {
            return Double.NaN;
        }
        double trainingMonths = in.trainingDays() / DAYS_PER_MONTH;
        double duringTraining = trainingAccelerators * perAcceleratorMonth;
        if (duringTraining * trainingMonths >= capex) {
            return capex / duringTraining;
        }
        double duringServing = in.servingAccelerators() * perAcceleratorMonth;
        if (!(duringServing > 0)) {
            return Double.NaN;
        }
        return trainingMonths + (capex - duringTraining * trainingMonths) / duringServing;
    }

    /**
     * Energy of the run as the owner pays it: accelerator TDP scaled to the whole server, its average draw
     * and the PUE. Without a TDP, the compute block's energy (TDP x PUE already) is scaled to the server.
     */
    double ownershipEnergyKwh(CostInputs in) {
        if (in.tdpWatts() > 0) {
            return in.gpuHours() * in.tdpWatts() / 1000 * ownership.wallPowerPerTdp();
        }
        if (in.energyMwh() > 0) {
            return in.energyMwh() * 1000 * ownership.powerMultiplier() * ownership.averageDraw();
        }
        return 0;
    }

    /** p10, p50, p90 of the programme total over accelerator-hours, price paid and overheads. */
    double[] programmeRange(CostInputs in, double servingTotal, double staffUsd, long seed) {
        double sigmaHours = uncertainty.defaultGpuHourSigma();
        if (in.gpuHoursP10() > 0 && in.gpuHoursP90() > in.gpuHoursP10()) {
            sigmaHours = Math.log(in.gpuHoursP90() / in.gpuHoursP10()) / (2 * Z90);
        }
        double sigmaPrice = uncertainty.priceSigma();
        double spread = uncertainty.overheadSpread();
        double fixed = in.dataCostUsd() + staffUsd;
        SplittableRandom random = new SplittableRandom(seed);
        int n = uncertainty.samples();
        double[] samples = new double[n];
        boolean serving = servingTotal != 0;
        double computeCost = in.gpuHours() * in.pricePerGpuHourUsd();
        for (int i = 0; i < n; i++) {
            double zHours = random.nextGaussian();
            double zPrice = random.nextGaussian();
            double experiments = in.experimentMultiplier() * (1 + spread * (2 * random.nextDouble() - 1));
            if (serving) {
                double hours = in.gpuHours() * Math.exp(sigmaHours * zHours);
                double price = in.pricePerGpuHourUsd() * Math.exp(sigmaPrice * zPrice);
                double priceFactor = in.pricePerGpuHourUsd() > 0 ? price / in.pricePerGpuHourUsd() : 1;
                samples[i] = hours * price * (1 + experiments) + fixed + servingTotal * priceFactor;
            } else {
                // Without serving the price factor is unused, and hours x price is a single lognormal: one exp of the
                // summed exponents instead of two (exp was a tenth of the consumer's CPU). Same draws, same order.
                samples[i] = computeCost * Math.exp(sigmaHours * zHours + sigmaPrice * zPrice) * (1 + experiments) + fixed;
            }
        }
        // Three order statistics need no full sort: select the median first, then p10 left of it and p90 right
        // of it (a full sort was the hottest spot of the consumer's profile).
        int mid = (int) Math.floor(0.5 * (n - 1));
        select(samples, 0, n - 1, mid);
        double p50 = interpolate(samples, 0.50, 0, n - 1);
        select(samples, 0, mid, (int) Math.floor(0.10 * (n - 1)));
        double p10 = interpolate(samples, 0.10, 0, mid);
        select(samples, mid, n - 1, (int) Math.floor(0.90 * (n - 1)));
        double p90 = interpolate(samples, 0.90, mid, n - 1);
        return new double[] { p10, p50, p90 };
    }

    /**
     * Percentile q with linear interpolation between the closest ranks (as over a sorted array), once
     * {@code a[floor(rank)]} holds its order statistic and {@code a[lo..hi]} holds every element of rank
     * lo..hi: the next order statistic is then the smallest element right of it within that span.
     */
    static double interpolate(double[] a, double q, int lo, int hi) {
        double rank = q * (a.length - 1);
        int k = (int) Math.floor(rank);
        if (k >= a.length - 1 || rank == k) {
            return a[k];
        }
        // With very few samples rank k+1 may lie past the span; everything past it is larger than the span.
        int end = k + 1 <= hi ? hi : a.length - 1;
        double next = Double.POSITIVE_INFINITY;
        for (int i = k + 1; i <= end; i++) {
            next = Math.min(next, a[i]);
        }
        if (next == Double.POSITIVE_INFINITY) {
            next = a[k];
        }
        return a[k] + (next - a[k]) * (rank - k);
    }

    /** Quickselect: afterwards a[k] is the element of rank k within a[lo..hi], smaller ones left, larger right. */
    static void select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            int m = lo + (hi - lo) / 2;
            // Median of three as pivot keeps already ordered input from degenerating.
            if (a[m] < a[lo]) {
                swap(a, m, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[m]) {
                swap(a, hi, m);
            }
            double pivot = a[m];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** A stable 64-bit seed for a scenario id (FNV-1a over its UTF-8 bytes): same id, same range, on any JVM. */
    public static long seedOf(String scenarioId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : scenarioId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
