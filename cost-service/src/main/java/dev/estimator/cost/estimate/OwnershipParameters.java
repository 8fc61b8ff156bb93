package dev.estimator.cost.estimate;

/**
 * Parameters of the ownership (own-cloud) cost, after the amortized-hardware method of Cottier et al.,
 * "The rising costs of training frontier AI models" (Epoch AI, arXiv:2405.21015, 2024). Defaults and
 * their sources are in {@code application.properties} and docs/method/cost.md.
 *
 * @param serverOverhead          server cost (CPUs, memory, chassis, NICs) as a fraction of the accelerator price
 * @param interconnectShare       cluster-level interconnect as a share of the whole hardware cost
 * @param depreciationOomPerYear  value lost per year, in orders of magnitude (price-performance improvement rate)
 * @param powerMultiplier         server power draw per accelerator TDP (CPUs, memory, fans, NICs)
 * @param averageDraw             average fraction of rated power drawn while training
 * @param pue                     data-centre power usage effectiveness
 * @param operationsShare         operations (maintenance, facility staff, network) as a fraction of amortized hardware
 */
public record OwnershipParameters(double serverOverhead, double interconnectShare, double depreciationOomPerYear,
        double powerMultiplier, double averageDraw, double pue, double operationsShare) {

    static final double HOURS_PER_YEAR = 8760.0;

    public OwnershipParameters {
        require(serverOverhead >= 0, "serverOverhead must be >= 0");
        require(interconnectShare >= 0 && interconnectShare < 1, "interconnectShare must be in [0, 1)");
        require(depreciationOomPerYear > 0, "depreciationOomPerYear must be > 0");
        require(powerMultiplier > 0 && averageDraw > 0 && pue >= 1, "power parameters out of range");
        require(operationsShare >= 0, "operationsShare must be >= 0");
    }

    /** Hardware bought per accelerator, per dollar of accelerator price: servers and interconnect included. */
    public double hardwarePerAcceleratorDollar() {
        return (1 + serverOverhead) / (1 - interconnectShare);
    }

    /**
     * Fraction of the hardware value consumed per year. Epoch AI depreciates hardware continuously at r
     * orders of magnitude per year, which costs {@code r ln 10} of its value per year (0.14 -> 0.32/year,
     * i.e. about a 3.1-year straight-line life).
     */
    public double depreciationPerYear() {
        return depreciationOomPerYear * Math.log(10);
    }

    /** Wall-plug power per accelerator while training, as a multiple of its TDP. */
    public double wallPowerPerTdp() {
        return powerMultiplier * averageDraw * pue;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
