package dev.estimator.chassis.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void binaryModeCarriesEveryRequiredAttributeAsACeHeader() {
        Headers headers = CloudEventHeaders.binary("s-1:estimator.estimate.completed", "estimator.estimate.completed",
                "/cost-service", "s-1", Instant.parse("2026-12-01T10:00:00.123456Z"));
        assertEquals("1.0", text(headers, "ce_specversion"));
        assertEquals("s-1:estimator.estimate.completed", text(headers, "ce_id"));
        assertEquals("estimator.estimate.completed", text(headers, "ce_type"));
        assertEquals("/cost-service", text(headers, "ce_source"));
        assertEquals("s-1", text(headers, "ce_subject"));
        assertEquals("2026-12-01T10:00:00.123456Z", text(headers, "ce_time"));
        assertEquals("application/json", text(headers, "content-type"));
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
