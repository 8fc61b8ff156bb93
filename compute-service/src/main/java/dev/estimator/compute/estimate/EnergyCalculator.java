package dev.estimator.compute.estimate;

import java.util.Locale;
import java.util.Map;

/**
 * Energy and emissions (docs/method/compute.md, Energy), the LLaMA paper's method (Touvron et al. 2023, section 2.4):
 * MWh = accelerator-hours x TDP x PUE, tCO2e = MWh x carbon intensity. Defaults are that paper's:
 * PUE 1.1 and 0.385 tCO2e/MWh (US national average).
 */
public final class EnergyCalculator {

    public static final double DEFAULT_PUE = 1.1;
    public static final double DEFAULT_CARBON_INTENSITY = 0.385;

    /**
     * Grid carbon intensity in tCO2e/MWh by region prefix. Approximate 2023 values from Ember's Global
     * Electricity Review 2024 / country profiles (life-cycle-free generation intensity), rounded; "us" keeps
     * the LLaMA paper's 0.385 so that paper's numbers are reproduced.
     */
    static final Map<String, Double> CARBON_INTENSITY = Map.ofEntries(
            Map.entry("us", 0.385), Map.entry("world", 0.48), Map.entry("cn", 0.58), Map.entry("china", 0.58),
            Map.entry("eu", 0.24), Map.entry("europe", 0.24), Map.entry("de", 0.38), Map.entry("fr", 0.056),
            Map.entry("uk", 0.24), Map.entry("gb", 0.24), Map.entry("in", 0.71), Map.entry("india", 0.71),
            Map.entry("jp", 0.48), Map.entry("japan", 0.48), Map.entry("kr", 0.44), Map.entry("sg", 0.47),
            Map.entry("ca", 0.17), Map.entry("br", 0.10), Map.entry("au", 0.55), Map.entry("se", 0.04),
            Map.entry("no", 0.03), Map.entry("ie", 0.29), Map.entry("nl", 0.27));

    private EnergyCalculator() {
    }

    public static double energyMwh(double acceleratorHours, double tdpWatts, double pue) {
        return acceleratorHours * tdpWatts * pue / 1e6;
    }

    public static double co2Tonnes(double energyMwh, double carbonIntensity) {
        return energyMwh * carbonIntensity;
    }

    /**
     * Carbon intensity of a region such as {@code us}, {@code cn-beijing}, {@code eu-west-1}: matched on the
     * whole name, then on the part before the first '-'; unknown or absent regions get the default.
     */
    public static double carbonIntensity(String region) {
        if (region == null || region.isBlank()) {
            return DEFAULT_CARBON_INTENSITY;
        }
        String r = region.toLowerCase(Locale.ROOT).trim();
        Double exact = CARBON_INTENSITY.get(r);
        if (exact != null) {
            return exact;
        }
        int dash = r.indexOf('-');
        Double prefix = dash > 0 ? CARBON_INTENSITY.get(r.substring(0, dash)) : null;
        return prefix != null ? prefix : DEFAULT_CARBON_INTENSITY;
    }
}
