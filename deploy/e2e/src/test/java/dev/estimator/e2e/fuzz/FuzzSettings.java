package dev.estimator.e2e.fuzz;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How much the fuzz suite sends, from system properties (Maven passes {@code -Dfuzz.*} through to the tests).
 * <p>
 * {@code -Dfuzz.profile=full}: 6,000 submission cases and 4,500 read cases (10,500 HTTP cases), 1,000 Kafka records,
 * accepted sweeps of up to 3,000 members. Default ({@code short}, what {@code ./mvnw verify} runs): 500 + 500 HTTP
 * cases, 150 Kafka records, accepted sweeps of up to 200. The SSE memory check runs during sweeps of 10,000 in both:
 * the kernel's send buffers take the first few thousand estimates of each stalled client, so a smaller sweep shows
 * nothing. Each value can be set on its own.
 *
 * @param profile           {@code short} or {@code full} ({@code fuzz.profile})
 * @param seed              the run's seed ({@code fuzz.seed}; default: a fresh random one, printed). Case {@code n} of a
 *                          part is generated from {@code (seed, part, n)} alone, so a seed replays every case
 * @param submissionCases   fuzzed POST /scenarios and /sweeps requests ({@code fuzz.submissions})
 * @param readCases         fuzzed GET requests on the gateway and the backends ({@code fuzz.reads})
 * @param kafkaCases        fuzzed records produced onto the five consumed topics ({@code fuzz.kafka})
 * @param threads           requests in flight at once ({@code fuzz.threads})
 * @param maxAcceptedSweep  largest sweep a case may expect to be accepted ({@code fuzz.maxSweep}); the pipeline has to
 *                          finish every accepted member
 * @param sseClients        SSE clients of the memory check ({@code fuzz.sse.clients})
 * @param sseSweep          members of each sweep of the memory check ({@code fuzz.sse.sweep})
 * @param rssSlackMib       how far the gateway's peak RSS with stalled SSE clients may exceed its peak with reading
 *                          clients during the same sweep ({@code fuzz.rss.slackMib})
 * @param heapSlackMib      how much more of the gateway's live heap the stalled clients may hold than as many reading
 *                          clients (each: live heap with the clients connected minus once they closed) ({@code fuzz.heap.slackMib})
 * @param settle            waiting for outcomes ends once nothing moved for this long ({@code fuzz.settle}, seconds)
 * @param timeout           and at the latest after this long ({@code fuzz.timeout}, seconds)
 * @param only              run only this case, e.g. {@code submissions#57} or {@code kafka#12} ({@code fuzz.only})
 */
record FuzzSettings(String profile, long seed, int submissionCases, int readCases, int kafkaCases, int threads,
        int maxAcceptedSweep, int sseClients, int sseSweep, int rssSlackMib, int heapSlackMib, Duration settle, Duration timeout, String only) {

    static FuzzSettings fromSystemProperties() {
        String profile = System.getProperty("fuzz.profile", "short").trim();
        boolean full = profile.equals("full");
        if (!full && !profile.equals("short")) {
            throw new IllegalArgumentException("fuzz.profile must be short or full, not " + profile);
        }
        String seedProperty = System.getProperty("fuzz.seed", "").trim();
        long seed = seedProperty.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(seedProperty);
        String only = System.getProperty("fuzz.only", "").trim();
        return new FuzzSettings(profile, seed,
                Integer.getInteger("fuzz.submissions", full ? 6_000 : 500),
                Integer.getInteger("fuzz.reads", full ? 4_500 : 500),
                Integer.getInteger("fuzz.kafka", full ? 1_000 : 150),
                Integer.getInteger("fuzz.threads", 4),
                Integer.getInteger("fuzz.maxSweep", full ? 3_000 : 200),
                Integer.getInteger("fuzz.sse.clients", 20),
                Integer.getInteger("fuzz.sse.sweep", 10_000),
                Integer.getInteger("fuzz.rss.slackMib", 32),
                Integer.getInteger("fuzz.heap.slackMib", 6),
                Duration.ofSeconds(Long.getLong("fuzz.settle", full ? 60 : 30)),
                Duration.ofSeconds(Long.getLong("fuzz.timeout", full ? 900 : 180)),
                only.isEmpty() ? null : only);
    }

    /** Whether case {@code n} of {@code part} runs (every case, unless {@code fuzz.only} names one). */
    boolean runs(String part, int n) {
        return only == null || only.equals(part + "#" + n);
    }

    /** Whether {@code part} runs at all. */
    boolean runs(String part) {
        return only == null || only.startsWith(part + "#");
    }

    /** The random source of case {@code n} of {@code part}: depends on the seed, the part and n only. */
    java.util.Random random(String part, int n) {
        long x = seed ^ (part.hashCode() * 0x9E3779B97F4A7C15L) ^ (n * 0xBF58476D1CE4E5B9L);
        // SplitMix64 finalizer: nearby cases get unrelated streams.
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return new java.util.Random(x ^ (x >>> 31));
    }

    String replay() {
        return "-Dfuzz.profile=" + profile + " -Dfuzz.seed=" + seed;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "profile %s, seed %d: %,d submission cases, %,d read cases, %,d Kafka records, "
                + "%d threads, accepted sweeps up to %,d, %d SSE clients during sweeps of %,d (RSS slack %d MiB, held-heap slack %d MiB), settle %d s, timeout %d s%s",
                profile, seed, submissionCases, readCases, kafkaCases, threads, maxAcceptedSweep, sseClients, sseSweep, rssSlackMib, heapSlackMib,
                settle.toSeconds(), timeout.toSeconds(), only == null ? "" : ", only " + only);
    }
}
