package dev.estimator.chassis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The request-target check every service runs first: which targets it refuses, and which part it names. */
class RequestLineGuardTest {

    @Test
    void acceptsOrdinaryTargets() {
        assertNull(RequestLineGuard.fault("/models/gpt-3-175b"));
        assertNull(RequestLineGuard.fault("/models?q=llama+2&page=0&size=20&sort=-parameters"));
        assertNull(RequestLineGuard.fault("/models/%E6%97%A5%E6%9C%AC"));
    }

    @Test
    void namesThePathForNulAndBadEncodingsInIt() {
        assertEquals("path", RequestLineGuard.fault("/models/%00").field());
        assertTrue(RequestLineGuard.fault("/models/%00").message().contains("control character"));
        assertEquals("path", RequestLineGuard.fault("/models/%FF").field());
        assertTrue(RequestLineGuard.fault("/models/%C3%28").message().contains("not UTF-8"));
        assertEquals("path", RequestLineGuard.fault("/models/%zz").field());
        assertEquals("path", RequestLineGuard.fault("/models/\u0000").field());
        assertEquals("path", RequestLineGuard.fault("/models/a\\b").field());
    }

    @Test
    void namesTheQueryParameterAtFault() {
        assertEquals("page", RequestLineGuard.fault("/models?size=20&page=%00").field());
        assertEquals("q", RequestLineGuard.fault("/models?q=%C3%28").field());
        assertEquals("sort", RequestLineGuard.fault("/models?page=1&sort=%zz").field());
        assertEquals("query", RequestLineGuard.fault("/models?%00=1").field());
    }

    @Test
    void refusesAnEmptyTarget() {
        assertEquals("path", RequestLineGuard.fault("").field());
        assertEquals("path", RequestLineGuard.fault(null).field());
    }
}
