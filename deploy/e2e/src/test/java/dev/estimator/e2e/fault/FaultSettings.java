package dev.estimator.e2e.fault;

import java.time.Duration;

/**
 * How hard the fault suite pushes, from system properties (Maven passes {@code -Dfault.*} through to the tests).
 * <p>
 * {@code -Dfault.profile=full}: sweeps of 10,000, hangs of 30 s, killed services down 5 s. Default ({@code short},
 * what {@code ./mvnw verify} runs): sweeps of 2,000, hangs of 5 s, down 3 s. Each value can be set on its own:
 *
 * @param sweepSize      members per sweep ({@code fault.sweep})
 * @param hang           how long PostgreSQL or the broker stays SIGSTOPped ({@code fault.hang}, seconds)
 * @param downtime       how long a killed service stays down before it is started again ({@code fault.downtime}, seconds)
 * @param settle         a sweep that is not done is given up on after this long without any progress, any new record
 *                       on any pipeline topic or any open transaction ({@code fault.settle}, seconds)
 * @param timeout        a sweep is given up on this long after the fault ended, whatever happens ({@code fault.timeout}, seconds)
 * @param sessionTimeout consumer {@code session.timeout.ms} of the services ({@code fault.sessionTimeoutMs}; 0 = the
 *                       services' own setting). The Kafka default, 45 s, only delays the takeover of a killed member's
 *                       partitions; 6 s (the broker's minimum) keeps the suite short without changing what is measured
 */
record FaultSettings(String profile, int sweepSize, Duration hang, Duration downtime, Duration settle, Duration timeout,
        int sessionTimeout) {

    static FaultSettings fromSystemProperties() {
        String profile = System.getProperty("fault.profile", "short").trim();
        boolean full = profile.equals("full");
        if (!full && !profile.equals("short")) {
            throw new IllegalArgumentException("fault.profile must be short or full, not " + profile);
        }
        return new FaultSettings(profile,
                Integer.getInteger("fault.sweep", full ? 10_000 : 2_000),
                seconds("fault.hang", full ? 30 : 5),
                seconds("fault.downtime", full ? 5 : 3),
                seconds("fault.settle", full ? 60 : 30),
                seconds("fault.timeout", full ? 600 : 180),
                Integer.getInteger("fault.sessionTimeoutMs", 6_000));
    }

    private static Duration seconds(String property, int defaultSeconds) {
        return Duration.ofMillis(Math.round(1000 * Double.parseDouble(System.getProperty(property, Integer.toString(defaultSeconds)))));
    }

    String describe() {
        return "profile " + profile + ": sweeps of " + sweepSize + ", hangs of " + hang.toSeconds() + " s, killed services down "
                + downtime.toSeconds() + " s, give up after " + settle.toSeconds() + " s without progress or " + timeout.toSeconds()
                + " s after the fault, consumer session timeout " + (sessionTimeout > 0 ? sessionTimeout + " ms" : "as configured");
    }
}
