package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnergyCalculatorTest {

    @Test
    void llama65bEnergyAndCo2FromPublishedGpuHours() {
        PublishedRun llama = PublishedRun.bundled().stream().filter(r -> r.id().equals("llama-65b")).findFirst().orElseThrow();
        // LLaMA paper Table 15: 1,022,362 GPU-hours on A100-80GB (400 W), PUE 1.1 -> 449 MWh, 0.385 t/MWh -> 173 tCO2e.
        AcceleratorSpec a100 = ReferenceAccelerators.get(llama.accelerator());
        double mwh = EnergyCalculator.energyMwh(llama.acceleratorHours(), a100.tdpWatts(), EnergyCalculator.DEFAULT_PUE);
        assertEquals(449, mwh, 449 * 0.02);
        assertEquals(llama.energyMwh(), mwh, llama.energyMwh() * 0.02);
        double co2 = EnergyCalculator.co2Tonnes(mwh, EnergyCalculator.carbonIntensity(null));
        assertEquals(173, co2, 173 * 0.02);
        assertEquals(llama.tco2(), co2, llama.tco2() * 0.02);
    }

    @Test
    void regionalIntensityReplacesTheDefault() {
        assertEquals(EnergyCalculator.DEFAULT_CARBON_INTENSITY, EnergyCalculator.carbonIntensity("us-east-1"), 1e-9);
        assertTrue(EnergyCalculator.carbonIntensity("fr") < 0.1, "French grid is mostly nuclear");
        assertTrue(EnergyCalculator.carbonIntensity("cn-beijing") > EnergyCalculator.carbonIntensity("eu-west-1"));
        assertEquals(EnergyCalculator.DEFAULT_CARBON_INTENSITY, EnergyCalculator.carbonIntensity("mars-1"), 1e-9);
    }
}
