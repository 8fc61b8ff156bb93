package dev.estimator.cost.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue #15: hosting on an own cloud (serving priced as rental and as ownership, with the saving), the month from which
 * owning the cluster has paid for itself, and the programme presets. Expected values are computed here from the stated
 * inputs and the method of docs/method/cost.md, not read from the code under test.
 */
class OwnCloudHostingTest {

    static final CostCalculator CALCULATOR = CostCalculatorTest.CALCULATOR;
    static final OwnershipParameters P = CostCalculatorTest.DEFAULTS;

    /** A100 80 GB: $11,500 (seeded hardware price), 400 W; Alibaba's 34.742 CNY/h at 7.189 CNY/USD; an electricity price of $0.0875/kWh. */
    static final double UNIT = 11_500;
    static final double TDP = 400;
    static final double RENT = 34.742 / 7.189;
    static final double KWH = 0.0875;

    static CostInputs hosting(double servingAccelerators, double months, double trainingAccelerators, double trainingDays) {
        return new CostInputs(1e6, Double.NaN, Double.NaN, RENT, UNIT, TDP, Double.NaN, KWH, servingAccelerators, 1e10,
                months, 0, 0, 0, 0, trainingAccelerators, trainingDays);
    }

    static double ownRate() {
        double hardware = UNIT * (1 + 0.64) / (1 - 0.19) * 0.14 * Math.log(10) / 8760;
        return hardware * 1.10 + TDP / 1000 * 1.82 * 0.76 * 1.1 * KWH;
    }

    @Test
    void servingOnAnOwnCloudCostsTheOwnershipRateAndSavesAgainstRenting() {
        CostResult r = CALCULATOR.calculate(hosting(64, 12, 1024, 30), 1, 1);
        double hours = 64 * 12 * 8760.0 / 12;
        assertEquals(hours * RENT, r.servingTotal(), 1e-6 * hours * RENT);
        assertEquals(hours * ownRate(), r.servingOwnership(), 1e-9 * hours * RENT);
        assertEquals(r.servingTotal() - r.servingOwnership(), r.servingOwnCloudSaving(), 1e-6);
        assertTrue(r.servingOwnCloudSaving() > 0.5 * r.servingTotal(), "owning A100s saves over half of Alibaba's list rent");
        assertTrue(r.breakdown().stream().anyMatch(i -> i.item().startsWith("own cloud: serving")));
    }

    @Test
    void servingOwnershipIsConvertedLikeEveryOtherAmount() {
        CostResult usd = CALCULATOR.calculate(hosting(64, 12, 1024, 30), 1, 1);
        CostResult cny = CALCULATOR.calculate(hosting(64, 12, 1024, 30), 7.189, 1);
        assertEquals(usd.servingOwnership() * 7.189, cny.servingOwnership(), 1e-6 * cny.servingOwnership());
        assertEquals(usd.breakEvenMonths(), cny.breakEvenMonths(), 1e-12, "months do not depend on the currency");
    }

    @Test
    void breakEvenComesWhenAvoidedRentMinusRunningCostsPaysForTheCluster() {
        CostResult r = CALCULATOR.calculate(hosting(64, 36, 1024, 30), 1, 1);
        double capex = UNIT * (1 + 0.64) / (1 - 0.19) * 1024;
        double hardwarePerHour = UNIT * (1 + 0.64) / (1 - 0.19) * 0.14 * Math.log(10) / 8760;
        double netPerAcceleratorMonth = (RENT - (ownRate() - hardwarePerHour)) * 730;
        double trainingMonths = 30 / (365.0 / 12);
        double afterTraining = capex - 1024 * netPerAcceleratorMonth * trainingMonths;
        double expected = trainingMonths + afterTraining / (64 * netPerAcceleratorMonth);
        assertTrue(afterTraining > 0, "one month of training does not pay for 1,024 accelerators");
        assertEquals(expected, r.breakEvenMonths(), 1e-9 * expected);
    }

    @Test
    void aLongTrainingRunAloneCanPayForTheCluster() {
        CostResult r = CALCULATOR.calculate(hosting(0, 0, 1024, 3650), 1, 1);
        double capex = UNIT * (1 + 0.64) / (1 - 0.19) * 1024;
        double hardwarePerHour = UNIT * (1 + 0.64) / (1 - 0.19) * 0.14 * Math.log(10) / 8760;
        double perMonth = 1024 * (RENT - (ownRate() - hardwarePerHour)) * 730;
        assertEquals(capex / perMonth, r.breakEvenMonths(), 1e-9 * capex / perMonth);
    }

    @Test
    void noBreakEvenWhenRentIsBelowTheRunningCostOrNothingIsKnown() {
        CostInputs cheapRent = new CostInputs(1e6, Double.NaN, Double.NaN, 0.01, UNIT, TDP, Double.NaN, KWH, 64, 1e10, 12,
                0, 0, 0, 0, 1024, 30);
        assertTrue(Double.isNaN(CALCULATOR.calculate(cheapRent, 1, 1).breakEvenMonths()));
        assertTrue(Double.isNaN(CALCULATOR.calculate(hosting(64, 12, Double.NaN, 30), 1, 1).breakEvenMonths()),
                "no training cluster size");
        CostInputs noUnitPrice = new CostInputs(1e6, Double.NaN, Double.NaN, RENT, Double.NaN, TDP, Double.NaN, KWH, 64,
                1e10, 12, 0, 0, 0, 0, 1024, 30);
        CostResult r = CALCULATOR.calculate(noUnitPrice, 1, 1);
        assertTrue(Double.isNaN(r.breakEvenMonths()) && Double.isNaN(r.servingOwnership()) && Double.isNaN(r.servingOwnCloudSaving()));
    }

    @Test
    void aPresetsStaffIsItsShareOfTheDevelopmentCost() {
        ProgrammePreset startup = ProgrammePreset.ALL.get("efficient-startup");
        // DeepSeek-V3: 2.788M H800-hours at $2 (technical report, Table 1).
        CostInputs in = new CostInputs(2.788e6, Double.NaN, Double.NaN, 2.0, Double.NaN, 700, Double.NaN, KWH, 0, 0, 0,
                startup.experimentMultiplier(), startup.dataCostUsd(), Double.NaN, startup.staffShare(), 2048, 57);
        CostResult r = CALCULATOR.calculate(in, 1, 1);
        double development = 5.576e6 * (1 + startup.experimentMultiplier()) + startup.dataCostUsd();
        double staff = development * startup.staffShare() / (1 - startup.staffShare());
        assertEquals(staff, r.staff(), 1e-6);
        assertEquals(staff / (development + staff), startup.staffShare(), 1e-12, "staff is its share of the whole");
        assertEquals(development + staff, r.programmeTotal(), 1e-6);
        assertTrue(r.programmeTotal() >= 30e6 && r.programmeTotal() <= 60e6,
                "the seed: efficient start-ups at $30-60M; got " + r.programmeTotal());
    }

    @Test
    void anExplicitStaffAmountWinsOverAShare() {
        CostInputs in = new CostInputs(1e6, Double.NaN, Double.NaN, 2.0, Double.NaN, 700, Double.NaN, KWH, 0, 0, 0, 0, 0,
                3e6, 0.49, Double.NaN, Double.NaN);
        assertEquals(3e6, CALCULATOR.calculate(in, 1, 1).staff(), 0);
    }

    @Test
    void presetsAreOrderedBigTechAboveStartup() {
        ProgrammePreset big = ProgrammePreset.ALL.get("big-tech-frontier");
        ProgrammePreset small = ProgrammePreset.ALL.get("efficient-startup");
        assertTrue(big.experimentMultiplier() > small.experimentMultiplier() && big.staffShare() > small.staffShare()
                && big.dataCostUsd() > small.dataCostUsd());
        ProgrammePreset.ALL.values().forEach(p -> assertTrue(p.source().contains("Epoch AI") || p.source().contains("Cottier")));
    }
}
