package dev.estimator.cost.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The cost arithmetic against published numbers and the claims the project set out to check. Every expected value is
 * either a published figure or computed here, independently, from stated inputs.
 */
class CostCalculatorTest {

    /** The service defaults (application.properties). */
    static final OwnershipParameters DEFAULTS = new OwnershipParameters(0.64, 0.19, 0.14, 1.82, 0.76, 1.1, 0.10);
    static final UncertaintyParameters MC = new UncertaintyParameters(1000, 0.15, 0.10, 0.25);
    static final CostCalculator CALCULATOR = new CostCalculator(DEFAULTS, MC);

    static CostInputs run(double gpuHours, double price, double unitPrice, double tdp, double experimentMultiplier,
            double data, double staff) {
        return new CostInputs(gpuHours, Double.NaN, Double.NaN, price, unitPrice, tdp, Double.NaN, 0.081, 0, 0, 0,
                experimentMultiplier, data, staff);
    }

    @Test
    void deepSeekV3FinalRunIs2788ThousandH800HoursAtTwoDollars() {
        // DeepSeek-V3 technical report, Table 1: 2.788M H800 GPU-hours, $2 per GPU-hour -> $5.576M.
        CostResult r = CALCULATOR.calculate(run(2.788e6, 2.0, Double.NaN, 700, 0, 0, 0), 1, 1);
        assertEquals(5.576e6, r.cloud(), 1e-6);
        assertEquals(5.576e6, r.programmeTotal(), 1e-6, "no experiments, data, staff or serving");
        assertTrue(Double.isNaN(r.ownership()), "no purchase price: no ownership estimate");
    }

    @Test
    void llama65bOwnershipLandsInEpochAmortizedRange() {
        // Inputs: LLaMA paper (Touvron et al. 2023), Table 15: 1,022,362 A100-80GB GPU-hours for LLaMA-65B,
        // 400 W per GPU. Accelerator price $10,000 (CNBC, 2023-02-23). US industrial electricity $0.081/kWh.
        double hours = 1_022_362;
        double chipPrice = 10_000;
        double kwhPrice = 0.081;
        // Epoch AI's amortized method (Cottier et al. 2024): hardware value x chip-hours / 8760 x r ln 10,
        // r = 0.14 OOM/year, plus energy. The hardware value is the chip price times a multiplier for servers
        // and interconnect; Epoch's published cost shares (hardware 47-67%, servers 15-22%, interconnect 9-13%
        // of frontier development cost) put that multiplier between 67/(67-15-9) and 47/(47-22-13).
        double perChipHour = chipPrice * 0.14 * Math.log(10) / 8760;
        double lowMultiplier = 67.0 / (67 - 15 - 9);
        double highMultiplier = 47.0 / (47 - 22 - 13);
        // Energy between the LLaMA paper's own accounting (TDP x PUE 1.1 = 449 MWh) and twice that.
        double energyLow = 449_000 * kwhPrice;
        double energyHigh = 2 * energyLow;
        double epochLow = hours * perChipHour * lowMultiplier + energyLow;
        double epochHigh = hours * perChipHour * highMultiplier + energyHigh;

        // Epoch's method has no operations term: compare like with like.
        OwnershipParameters epochLike = new OwnershipParameters(0.64, 0.19, 0.14, 1.82, 0.76, 1.1, 0);
        CostResult r = new CostCalculator(epochLike, MC).calculate(run(hours, 1.79, chipPrice, 400, 0, 0, 0), 1, 7);
        assertTrue(r.ownership() >= epochLow && r.ownership() <= epochHigh,
                "ownership " + r.ownership() + " outside Epoch range [" + epochLow + ", " + epochHigh + "]");

        // With the default operations share, owning still beats renting the same hours at cloud list prices
        // (Lambda $1.79/h A100 80 GB): the claim that running your own cloud lowers the cost.
        CostResult withOps = CALCULATOR.calculate(run(hours, 1.79, chipPrice, 400, 0, 0, 0), 1, 7);
        assertTrue(withOps.ownCloudSaving() > 0, "saving " + withOps.ownCloudSaving());
        assertEquals(withOps.cloud() - withOps.ownership(), withOps.ownCloudSaving(), 1e-6);
    }

    @Test
    void bigTechFlagshipProgrammeExceeds200MillionDollars() {
        // Claim: Baidu, Alibaba and Tencent invest over $200M. Example inputs (docs/method/cost.md, "Documented examples"):
        // a Llama-3.1-405B-sized final run, 30.84M H100 GPU-hours (Llama 3.1 model card), on the company's own
        // cloud (H100 $32,500, 700 W, US electricity); experiments and failed runs as much compute again
        // (experimentMultiplier 1; Cottier et al. 2024 put total/final-run compute at 1.2x-4x); data $10M;
        // staff $60M (300 people x $200k for a year).
        double ownRate = CALCULATOR.ownershipPerGpuHourUsd(32_500, 700, 0.081);
        CostResult r = CALCULATOR.calculate(run(30.84e6, ownRate, 32_500, 700, 1.0, 10e6, 60e6), 1, 11);
        assertTrue(r.programmeTotal() > 200e6, "programme " + r.programmeTotal());
        assertTrue(r.p50() > 200e6, "median " + r.p50());
    }

    @Test
    void efficientStartUpProgrammeIsBetween30And60MillionDollars() {
        // Claim: start-ups like Kimi and DeepSeek reduced training costs to $30-60M. Example inputs:
        // DeepSeek-V3's final run (2.788M H800 GPU-hours at $2, its technical report), experiments three times
        // the final run (experimentMultiplier 3, the high end of Cottier et al.'s 1.2x-4x total/final), data $2M,
        // staff $15M (150 people x $100k for a year).
        CostResult r = CALCULATOR.calculate(run(2.788e6, 2.0, Double.NaN, 700, 3.0, 2e6, 15e6), 1, 13);
        assertTrue(r.programmeTotal() >= 30e6 && r.programmeTotal() <= 60e6, "programme " + r.programmeTotal());
        assertEquals(5.576e6 * 4 + 2e6 + 15e6, r.programmeTotal(), 1e-3);
    }

    @Test
    void servingCostPerMillionTokensFollowsHoursAndTokens() {
        // 16 accelerators at $2/h for 12 months (8760 h) serving 1e9 tokens/day (365e9 tokens).
        CostInputs in = new CostInputs(0, Double.NaN, Double.NaN, 2.0, Double.NaN, Double.NaN, Double.NaN, 0.081, 16, 1e9, 12,
                0, 0, 0);
        CostResult r = CALCULATOR.calculate(in, 1, 3);
        assertEquals(16 * 8760 * 2.0, r.servingTotal(), 1e-6);
        assertEquals(16 * 8760 * 2.0 / 365e9 * 1e6, r.per1MTokens(), 1e-9);
        assertEquals(r.servingTotal(), r.programmeTotal(), 1e-6);
    }

    @Test
    void currencyConversionScalesEveryAmount() {
        CostResult usd = CALCULATOR.calculate(run(1e6, 2.0, 10_000, 400, 1, 1e6, 1e6), 1, 5);
        CostResult cny = CALCULATOR.calculate(run(1e6, 2.0, 10_000, 400, 1, 1e6, 1e6), 7.189, 5);
        assertEquals(usd.cloud() * 7.189, cny.cloud(), 1e-3);
        assertEquals(usd.ownership() * 7.189, cny.ownership(), 1e-3);
        assertEquals(usd.p50() * 7.189, cny.p50(), 1e-3);
    }

    @Test
    void rangeIsOrderedForAnyInputAndReproducibleForTheSameSeed() {
        SplittableRandom inputs = new SplittableRandom(42);
        for (int i = 0; i < 300; i++) {
            double hours = Math.pow(10, inputs.nextDouble(2, 8));
            double band = inputs.nextDouble(0, 0.6);
            CostInputs in = new CostInputs(hours, inputs.nextBoolean() ? hours * (1 - band) : Double.NaN, hours * (1 + band),
                    inputs.nextDouble(0, 15), inputs.nextDouble(0, 40_000), 700, Double.NaN, 0.081, inputs.nextInt(0, 100),
                    inputs.nextDouble(0, 1e10), inputs.nextInt(0, 24), inputs.nextDouble(0, 4), inputs.nextDouble(0, 1e7),
                    inputs.nextDouble(0, 1e8));
            long seed = inputs.nextLong();
            CostResult a = CALCULATOR.calculate(in, 1, seed);
            assertTrue(a.p10() <= a.p50() && a.p50() <= a.p90(), "unordered range " + a);
            CostResult b = CALCULATOR.calculate(in, 1, seed);
            assertEquals(a.p10(), b.p10(), 0);
            assertEquals(a.p50(), b.p50(), 0);
            assertEquals(a.p90(), b.p90(), 0);
        }
    }

    @Test
    void trainingOnlyRangeTakesTheOneExpShortcutWithoutChangingTheDraws() {
        // A serving total of a billionth of a dollar forces the general path (two exps and the price factor).
        CostInputs in = new CostInputs(3.5e6, 2.8e6, 4.6e6, 2.4, Double.NaN, 700, Double.NaN, 0.081, 0, 0, 0, 1.5, 2e5, 1e6);
        for (long seed = 1; seed <= 20; seed++) {
            double[] shortcut = CALCULATOR.programmeRange(in, 0, in.staffCostUsd(), seed);
            double[] general = CALCULATOR.programmeRange(in, 1e-9, in.staffCostUsd(), seed);
            for (int q = 0; q < 3; q++) {
                assertEquals(general[q], shortcut[q], general[q] * 1e-12, "quantile " + q + " seed " + seed);
            }
        }
    }

    @Test
    void bandWidensTheRangeAndOtherSeedsGiveOtherDraws() {
        CostInputs narrow = new CostInputs(1e6, 0.95e6, 1.05e6, 2, Double.NaN, 700, Double.NaN, 0.081, 0, 0, 0, 0, 0, 0);
        CostInputs wide = new CostInputs(1e6, 0.5e6, 2e6, 2, Double.NaN, 700, Double.NaN, 0.081, 0, 0, 0, 0, 0, 0);
        CostResult n = CALCULATOR.calculate(narrow, 1, 9);
        CostResult w = CALCULATOR.calculate(wide, 1, 9);
        assertTrue(w.p90() - w.p10() > 2 * (n.p90() - n.p10()), "wide " + w + " narrow " + n);
        assertTrue(n.p10() < 2e6 && 2e6 < n.p90(), "the point estimate lies inside its range");
        assertNotEquals(CALCULATOR.calculate(wide, 1, 10).p50(), w.p50());
        assertEquals(CostCalculator.seedOf("scenario-1"), CostCalculator.seedOf("scenario-1"));
        assertNotEquals(CostCalculator.seedOf("scenario-1"), CostCalculator.seedOf("scenario-2"));
    }

    @Test
    void selectedPercentilesEqualThoseOfASortedCopy() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] { 1, 2, 3, 10, 999, 1000, 1001 }) {
            for (int round = 0; round < 20; round++) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    // Ties on purpose: a few distinct values in some rounds.
                    values[i] = round % 3 == 0 ? random.nextInt(5) : random.nextDouble(-1e6, 1e6);
                }
                double[] sorted = values.clone();
                java.util.Arrays.sort(sorted);
                double[] work = values.clone();
                int mid = (int) Math.floor(0.5 * (n - 1));
                CostCalculator.select(work, 0, n - 1, mid);
                assertEquals(sortedPercentile(sorted, 0.5), CostCalculator.interpolate(work, 0.5, 0, n - 1), 0);
                CostCalculator.select(work, 0, mid, (int) Math.floor(0.1 * (n - 1)));
                assertEquals(sortedPercentile(sorted, 0.1), CostCalculator.interpolate(work, 0.1, 0, mid), 0);
                CostCalculator.select(work, mid, n - 1, (int) Math.floor(0.9 * (n - 1)));
                assertEquals(sortedPercentile(sorted, 0.9), CostCalculator.interpolate(work, 0.9, mid, n - 1), 0);
            }
        }
    }

    static double sortedPercentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
