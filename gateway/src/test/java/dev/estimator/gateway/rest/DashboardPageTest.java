package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard (issue #18) is served at / without a token, with every script and style sheet it names, including
 * ECharts from its mvnpm jar (a version bump of the jar without the page would break the charts), and the stable
 * data-testid attributes people automate the page with. deploy/e2e's DashboardIT drives it in Chromium.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class DashboardPageTest {

    static final List<String> TEST_IDS = List.of("model-list", "token", "model-ref", "accelerator", "tokens", "count", "submit",
            "estimate-result", "trend-chart", "cost-chart", "pareto-chart");

    @Test
    void theDashboardAndEveryAssetItNamesAreServedAnonymously() {
        String page = given().when().get("/").then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        for (String id : TEST_IDS) {
            assertTrue(page.contains("data-testid=\"" + id + "\""), "data-testid " + id);
        }
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"#:]+\\.(?:js|css))\"").matcher(page);
        int found = 0;
        while (assets.find()) {
            found++;
            String body = given().when().get("/" + assets.group(1)).then().statusCode(200).extract().asString();
            assertTrue(body.length() > 100, assets.group(1) + " has content");
        }
        assertEquals(3, found, "echarts, dashboard.js and dashboard.css");
    }
}
