package dev.estimator.e2e.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.SelectOption;

import dev.estimator.e2e.LocalStackExtension;
import dev.estimator.e2e.gateway.GatewayClient;
import dev.estimator.stack.LocalStack;

/**
 * The dashboard (issue #18) in a real browser against the real stack: headless Chromium from the system (Debian's
 * {@code chromium}; Playwright's bundled driver, no browser download). It walks what an analyst does: finds LLaVA-1.5
 * in the catalog, estimates GPT-3 175B on 10,000 V100s from the form (the estimate arrives over SSE), runs a sweep to
 * its Pareto chart, and checks that the three charts were drawn and the page logged no error.
 * <p>
 * Screenshots go to {@code deploy/e2e/target/dashboard/}; with {@code -Ddashboard.docs=true} also to
 * {@code docs/dashboard/}, the ones the README shows.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardIT {

    /** Milliseconds to wait for the page: the first estimate through a cold stack takes a while. */
    static final double WAIT = 120_000;

    static Path chromium() {
        String configured = System.getProperty("chromium.path", System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        Path path = Path.of(configured);
        if (!Files.isExecutable(path)) {
            fail("No Chromium at " + path + ": install Debian's package (apt-get install -y chromium, as .ci/run does), or "
                    + "point -Dchromium.path / CHROMIUM_PATH at a Chromium or Chrome binary");
        }
        return path;
    }

    @Test
    void anAnalystFindsAModelEstimatesGpt3AndSweepsWithoutConsoleErrors(LocalStack stack) throws Exception {
        Path root = Path.of(System.getProperty("estimator.root", "../..")).toAbsolutePath().normalize();
        Path shots = root.resolve("deploy/e2e/target/dashboard");
        Files.createDirectories(shots);
        Path docs = Boolean.getBoolean("dashboard.docs") ? root.resolve("docs/dashboard") : null;
        String url = stack.url(LocalStack.GATEWAY) + "/";
        List<String> errors = Collections.synchronizedList(new ArrayList<>());

        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium()).setHeadless(true))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000));
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add("console: " + m.text() + " at " + m.location());
                }
            });
            page.onPageError(e -> errors.add("page error: " + e));
            LocatorAssertions.ContainsTextOptions slow = new LocatorAssertions.ContainsTextOptions().setTimeout(WAIT);

            // 1. The catalog lists LLaVA-1.5 and the compute trend with its doubling time.
            page.navigate(url);
            assertThat(page.locator("body[data-ready=true]")).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(WAIT));
            assertThat(id(page, "model-list")).containsText("LLaVA-1.5", slow);
            assertThat(id(page, "trend-summary")).containsText("doubles every", slow);
            assertTrue(id(page, "error").isHidden(), () -> "no load error: " + id(page, "error").textContent());
            // The search narrows the list through the API (q).
            id(page, "model-search").fill("llava");
            assertThat(id(page, "model-list").locator("tr")).hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(WAIT));
            id(page, "model-search").fill("");
            assertThat(id(page, "model-list")).containsText("GPT-3", slow);
            drawn(page, "trend-chart");
            snap(page.locator("#catalog"), shots, docs, "catalog.png");

            // 2. GPT-3 175B on 10,000 V100s: the GPT-3 paper's Table D.1 gives 3.64e3 PF-days for 175B on 300B tokens.
            id(page, "token").fill(GatewayClient.token("analyst", "dashboard-" + System.nanoTime()));
            id(page, "model-ref").selectOption(new SelectOption().setValue("gpt-3-175b"));
            id(page, "accelerator").selectOption(new SelectOption().setValue("nvidia-v100-32gb"));
            id(page, "tokens").fill("3.0e11");
            id(page, "precision").selectOption(new SelectOption().setValue("fp16"));
            id(page, "count").fill("10000");
            id(page, "provider").fill("azure");
            id(page, "price").fill("2.0");
            id(page, "submit").click();
            Locator pfDays = id(page, "pf-days");
            try {
                assertThat(pfDays).hasAttribute("data-value", java.util.regex.Pattern.compile(".+"),
                        new LocatorAssertions.HasAttributeOptions().setTimeout(WAIT));
            } catch (AssertionError e) {
                page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(shots.resolve("failed.png")));
                throw new AssertionError("no estimate shown; status: " + id(page, "scenario-status").textContent() + "; error: "
                        + id(page, "error").textContent() + "; result: " + id(page, "estimate-result").textContent()
                        + "; console: " + errors, e);
            }
            double value = Double.parseDouble(pfDays.getAttribute("data-value"));
            assertEquals(3640, value, 3640 * 0.01, "PF-days shown");
            assertThat(id(page, "estimate-result")).containsText("PF-days");
            drawn(page, "cost-chart");
            snap(page.locator("#scenario"), shots, docs, "scenario.png");

            // 3. A sweep over the accelerator count: progress, the Pareto chart with cheapest and fastest, the CSV.
            id(page, "vary1-path").selectOption(new SelectOption().setValue("hardware.count"));
            id(page, "vary1-values").fill("2048, 4096, 8192, 10000");
            id(page, "vary2-path").selectOption(new SelectOption().setValue("hardware.accelerator"));
            id(page, "vary2-values").fill("nvidia-v100-32gb, nvidia-a100-80gb");
            id(page, "sweep-submit").click();
            assertThat(id(page, "sweep-csv")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(WAIT));
            assertThat(id(page, "sweep-status")).containsText("8 of 8 finished");
            drawn(page, "pareto-chart");
            assertThat(id(page, "pareto-chart")).containsText("cheapest");
            assertThat(id(page, "pareto-chart")).containsText("fastest");
            var csv = page.request().get(id(page, "sweep-csv").evaluate("a => a.href").toString());
            assertEquals(200, csv.status());
            assertTrue(csv.text().startsWith("scenarioId"), csv.text());
            assertEquals(9, csv.text().strip().split("\n").length, "a header and 8 members");
            snap(page.locator("#sweep"), shots, docs, "sweep.png");

            // 4. The whole page, and no console errors along the way.
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(shots.resolve("dashboard.png")));
            assertEquals(List.of(), errors, "console errors");
        }
    }

    static Locator id(Page page, String testId) {
        return page.locator("[data-testid=\"" + testId + "\"]");
    }

    /** ECharts (SVG renderer) drew marks: the chart's svg holds paths. */
    static void drawn(Page page, String testId) {
        Locator paths = id(page, testId).locator("svg path");
        assertThat(id(page, testId).locator("svg")).hasCount(1);
        assertTrue(paths.count() > 3, testId + " has marks: " + paths.count());
    }

    static void snap(Locator part, Path shots, Path docs, String name) throws java.io.IOException {
        part.screenshot(new Locator.ScreenshotOptions().setPath(shots.resolve(name)));
        if (docs != null) {
            Files.createDirectories(docs);
            Files.copy(shots.resolve(name), docs.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
