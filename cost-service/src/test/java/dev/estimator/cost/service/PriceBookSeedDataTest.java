package dev.estimator.cost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks the seed files in {@code src/main/resources/seed} as data, without booting Quarkus: every row is sourced and
 * dated, prices are positive, accelerator ids exist in the catalog, keys are unique, and the hardware table covers
 * the priced accelerators.
 */
class PriceBookSeedDataTest {

    static final Set<String> CATALOG = Set.of("nvidia-v100-32gb", "nvidia-a100-40gb", "nvidia-a100-80gb",
            "nvidia-h100-sxm", "nvidia-h800", "nvidia-h200", "nvidia-h20", "nvidia-b200", "amd-mi300x",
            "huawei-ascend-910b", "google-tpu-v4", "google-tpu-v5e", "google-tpu-v5p");

    static final Set<String> PRICING_MODELS = Set.of("on-demand", "reserved-1y", "reserved-3y", "spot", "own-cloud");

    /** A URL, a bare domain path (e.g. "lambda.ai/pricing") or a named publication. */
    static final Pattern SOURCE_REFERENCE = Pattern.compile(
            "(https?://\\S+)|([a-z0-9-]+(\\.[a-z0-9-]+)+/\\S*)|Reuters|CNBC|IRS|EIA|Eurostat|EEA|Ministry",
            Pattern.CASE_INSENSITIVE);

    /**
     * Priced accelerators with no hardware unit price, and why. TPUs are not sold, only rented. For the V100 no dated
     * unit price could be found, nor for the H800 (sold only into China in 2023, no dated price found; see "Not sourced
     * yet" in docs/method/cost.md); remove them from here once one is added.
     */
    static final Set<String> NO_UNIT_PRICE = Set.of("google-tpu-v4", "google-tpu-v5e", "google-tpu-v5p",
            "nvidia-v100-32gb", "nvidia-h800");

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode seed(String name) throws IOException {
        try (InputStream in = PriceBookSeedDataTest.class.getResourceAsStream("/seed/" + name)) {
            assertNotNull(in, "missing seed resource /seed/" + name);
            JsonNode rows = JSON.readTree(in);
            assertTrue(rows.isArray() && !rows.isEmpty(), name + " must be a non-empty array");
            return rows;
        }
    }

    static List<JsonNode> prices() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        seed("prices.json").forEach(rows::add);
        return rows;
    }

    static void assertSourcedAndDated(String file, JsonNode row, String dateField) {
        String source = row.path("source").asText("");
        assertFalse(source.isBlank(), file + ": blank source in " + row);
        assertTrue(SOURCE_REFERENCE.matcher(source).find(), file + ": source names no URL or publication: " + source);
        String date = row.path(dateField).asText("");
        try {
            LocalDate parsed = LocalDate.parse(date);
            assertFalse(parsed.isAfter(LocalDate.now()), file + ": " + dateField + " " + date + " is in the future: " + row);
        } catch (DateTimeParseException e) {
            fail(file + ": " + dateField + " '" + date + "' is not an ISO date: " + row);
        }
    }

    @Test
    void everyPriceRowIsSourcedDatedPositiveAndInTheCatalog() throws IOException {
        for (JsonNode row : prices()) {
            assertSourcedAndDated("prices.json", row, "validFrom");
            assertTrue(row.path("pricePerHour").isNumber() && row.path("pricePerHour").asDouble() > 0,
                    "price must be > 0: " + row);
            assertTrue(CATALOG.contains(row.path("accelerator").asText()), "unknown accelerator id: " + row);
            assertTrue(PRICING_MODELS.contains(row.path("pricingModel").asText()), "unknown pricing model: " + row);
            assertTrue(Set.of("USD", "CNY").contains(row.path("currency").asText()), "unknown currency: " + row);
            assertTrue(row.path("provider").asText().matches("[a-z0-9][a-z0-9-]{0,62}"), "provider not a slug: " + row);
            String region = row.path("region").asText("");
            assertTrue(!region.isBlank() && region.length() <= 64, "bad region: " + row);
        }
    }

    /** Issue #15: the seed's market is priced, and how firm each such price is, is marked. */
    @Test
    void exportLimitedChipsArePricedInChinaWithAConfidenceMark() throws IOException {
        Set<String> pricedInChina = new TreeSet<>();
        for (JsonNode row : prices()) {
            JsonNode confidence = row.get("confidence");
            if (confidence != null) {
                assertTrue(Set.of("list", "reported", "assumed").contains(confidence.asText()), "bad confidence: " + row);
            }
            if (row.path("region").asText().startsWith("cn")) {
                assertTrue(confidence != null || List.of("alibaba", "tencent").contains(row.path("provider").asText()),
                        "a Chinese-market row without a confidence mark: " + row);
                pricedInChina.add(row.path("accelerator").asText());
            }
        }
        assertTrue(pricedInChina.containsAll(Set.of("nvidia-h800", "nvidia-h20")), "priced in China: " + pricedInChina);
    }

    @Test
    void noDuplicateProviderAcceleratorModelRegion() throws IOException {
        Set<String> keys = new HashSet<>();
        for (JsonNode row : prices()) {
            String key = row.path("provider").asText() + "|" + row.path("accelerator").asText() + "|"
                    + row.path("pricingModel").asText() + "|" + row.path("region").asText();
            assertTrue(keys.add(key), "duplicate price key " + key);
        }
    }

    @Test
    void everyCommercialPricingModelHasRows() throws IOException {
        Set<String> models = new TreeSet<>();
        prices().forEach(r -> models.add(r.path("pricingModel").asText()));
        for (String model : List.of("on-demand", "reserved-1y", "reserved-3y", "spot")) {
            assertTrue(models.contains(model), "no " + model + " row; models present: " + models);
        }
    }

    @Test
    void everyPricedAcceleratorHasAUnitPriceUnlessExplained() throws IOException {
        Set<String> withUnitPrice = new HashSet<>();
        for (JsonNode row : seed("hardware-prices.json")) {
            assertSourcedAndDated("hardware-prices.json", row, "asOf");
            assertTrue(CATALOG.contains(row.path("accelerator").asText()), "unknown accelerator id: " + row);
            assertTrue(row.path("unitPriceUsd").asDouble() > 0, "unit price must be > 0: " + row);
            withUnitPrice.add(row.path("accelerator").asText());
        }
        Set<String> missing = new TreeSet<>();
        for (JsonNode row : prices()) {
            String accelerator = row.path("accelerator").asText();
            if (!withUnitPrice.contains(accelerator) && !NO_UNIT_PRICE.contains(accelerator)) {
                missing.add(accelerator);
            }
        }
        assertTrue(missing.isEmpty(), "priced accelerators without a hardware unit price: " + missing);
    }

    @Test
    void currencyRatesAndEnergyPricesAreSourcedAndDated() throws IOException {
        boolean cny = false;
        for (JsonNode row : seed("currency-rates.json")) {
            assertSourcedAndDated("currency-rates.json", row, "asOf");
            assertTrue(row.path("perUsd").asDouble() > 0, "rate must be > 0: " + row);
            cny |= "CNY".equals(row.path("currency").asText());
        }
        assertTrue(cny, "a dated USD/CNY rate is needed to convert CNY prices");
        Set<String> regions = new TreeSet<>();
        for (JsonNode row : seed("energy-prices.json")) {
            assertSourcedAndDated("energy-prices.json", row, "validFrom");
            assertTrue(row.path("pricePerKwh").asDouble() > 0 && row.path("carbonTonnesPerMwh").asDouble() > 0,
                    "energy price and carbon intensity must be > 0: " + row);
            regions.add(row.path("region").asText());
        }
        assertEquals(Set.of("cn", "eu", "us"), regions);
    }

    /**
     * Issue #5 item 1's coverage as far as the seed data reaches: every provider seeded so far (listed explicitly, so
     * dropping one fails), at least 8 of them, two of the four Chinese clouds (Alibaba Cloud, Tencent Cloud) and at
     * least one price published in CNY. Baidu AI Cloud and Huawei Cloud are still missing: no dated per-GPU-hour rate
     * of a catalog accelerator was found for them (see "Not sourced yet" in docs/method/cost.md); add them here when
     * their rows are added.
     */
    @Test
    void coversTheProvidersIssue5AsksFor() throws IOException {
        Set<String> providers = new TreeSet<>();
        Set<String> cnyProviders = new TreeSet<>();
        for (JsonNode row : prices()) {
            providers.add(row.path("provider").asText());
            if ("CNY".equals(row.path("currency").asText())) {
                cnyProviders.add(row.path("provider").asText());
            }
        }
        Set<String> seeded = Set.of("aws", "azure", "gcp", "lambda", "coreweave", "runpod", "alibaba", "tencent");
        assertTrue(providers.containsAll(seeded), "missing providers: seeded " + seeded + ", present " + providers);
        assertTrue(providers.size() >= 8, "fewer than 8 providers: " + providers);
        assertTrue(providers.containsAll(Set.of("alibaba", "tencent")), "Chinese clouds: " + providers);
        assertFalse(cnyProviders.isEmpty(), "no price published in CNY");
        assertTrue(cnyProviders.containsAll(Set.of("alibaba", "tencent")), "CNY-priced providers: " + cnyProviders);
    }

    @Test
    void coversTheNonChineseProvidersIssue5AsksFor() throws IOException {
        Set<String> providers = new TreeSet<>();
        prices().forEach(r -> providers.add(r.path("provider").asText()));
        assertTrue(providers.containsAll(Set.of("aws", "azure", "gcp", "lambda", "runpod", "coreweave")),
                "providers: " + providers);
    }
}
