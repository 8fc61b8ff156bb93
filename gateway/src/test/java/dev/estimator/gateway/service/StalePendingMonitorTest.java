package dev.estimator.gateway.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Scenarios PENDING longer than gateway.stale-pending.age are counted and exported on /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class StalePendingMonitorTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    StalePendingMonitor monitor;

    static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        assertTrue(m.find(), name + " exported");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void oldPendingScenariosAreCountedAndTheGaugeFollows() {
        monitor.refresh().await().atMost(WAIT);
        double before = metric("gateway_scenarios_stale_pending");
        String[] ids = { UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString() };
        String[] fresh = { UUID.randomUUID().toString() };
        // Published long ago and never finished: lost downstream. A fresh PENDING row is not stale yet.
        pool.preparedQuery("INSERT INTO scenario (id, status, submitted_at, published_at, request, version) "
                + "SELECT unnest($1::text[]), 'PENDING', now() - interval '1 hour', now() - interval '1 hour', '{}', 0")
                .execute(Tuple.tuple().addArrayOfString(ids)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO scenario (id, status, submitted_at, published_at, request, version) "
                + "SELECT unnest($1::text[]), 'PENDING', now(), now(), '{}', 0")
                .execute(Tuple.tuple().addArrayOfString(fresh)).await().atMost(WAIT);
        try {
            monitor.refresh().await().atMost(WAIT);
            assertEquals(before + 3, metric("gateway_scenarios_stale_pending"));
            assertTrue(metric("gateway_scenarios_stale_pending_oldest_seconds") >= 3590, "the oldest is an hour old");
            // Once finished they are not stale any more.
            pool.preparedQuery("UPDATE scenario SET status = 'COMPLETED' WHERE id = ANY($1::text[])")
                    .execute(Tuple.tuple().addArrayOfString(ids)).await().atMost(WAIT);
            monitor.refresh().await().atMost(WAIT);
            assertEquals(before, metric("gateway_scenarios_stale_pending"));
        } finally {
            pool.preparedQuery("DELETE FROM scenario WHERE id = ANY($1::text[]) OR id = ANY($2::text[])")
                    .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(fresh)).await().atMost(WAIT);
        }
    }
}
