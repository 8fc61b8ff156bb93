package dev.estimator.deploy.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's {@code application.properties} says about its HTTP port and its Kafka channels, read from
 * the service module itself so the manifests are checked against the configuration the image really runs with.
 */
record ServiceConfiguration(String service, int httpPort, List<Incoming> incoming, List<String> outgoingTopics,
        String transactionalIdPrefix, Properties properties) {

    static final List<String> SERVICES = List.of("catalog-service", "compute-service", "cost-service", "gateway");

    /**
     * A consumed topic. {@code groupId} is the default value of the {@code group.id} expression; when the id
     * ends in an expression without default (e.g. {@code gateway-sse-${random}}), {@code groupIsPrefix} is true
     * and {@code groupId} is the literal part before it.
     */
    record Incoming(String channel, String topic, String groupId, boolean groupIsPrefix, String deadLetterTopic) {
    }

    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    static ServiceConfiguration of(String service) {
        Path file = Paths.root().resolve(service).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
        int port = Integer.parseInt(resolve(properties.getProperty("quarkus.http.port", "8080")).value());
        List<Incoming> incoming = new ArrayList<>();
        List<String> outgoing = new ArrayList<>();
        boolean transactional = false;
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Matcher matcher = CHANNEL_KEY.matcher(key);
            if (!matcher.matches() || !"smallrye-kafka".equals(properties.getProperty(key).trim())) {
                continue;
            }
            String direction = matcher.group(1);
            String channel = matcher.group(2);
            String prefix = "mp.messaging." + direction + "." + channel + ".";
            String topic = resolve(properties.getProperty(prefix + "topic", channel)).value();
            if (direction.equals("outgoing")) {
                outgoing.add(topic);
                continue;
            }
            Resolved group = resolve(properties.getProperty(prefix + "group.id", ""));
            String dlq = null;
            if ("ignore".equals(properties.getProperty(prefix + "commit-strategy", "").trim())) {
                // A chassis exactly-once stage: the transaction commits the offsets and carries <topic>.dlq records.
                dlq = topic + ".dlq";
                transactional = true;
            } else if ("dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy", "").trim())) {
                // SmallRye's default dead-letter topic is dead-letter-topic-<channel>.
                dlq = resolve(properties.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel)).value();
            }
            incoming.add(new Incoming(channel, topic, group.value(), group.truncated(), dlq));
        }
        // The chassis' transactional producer publishes outside any channel, to the topics the service declares.
        String declared = properties.getProperty("estimator.kafka.output-topics");
        if (declared != null) {
            for (String topic : resolve(declared).value().split(",")) {
                if (!topic.isBlank() && !outgoing.contains(topic.trim())) {
                    outgoing.add(topic.trim());
                }
            }
        }
        // The gateway's dead-letter replay reads <topic>.dlq for every topic it may re-publish to (its declared outputs
        // that are not dead-letter topics themselves), in consumer groups named <prefix><topic>.
        String replayGroups = properties.getProperty("gateway.dead-letters.replay.group-prefix");
        if (replayGroups != null) {
            for (String target : List.copyOf(outgoing)) {
                if (!target.endsWith(".dlq")) {
                    incoming.add(new Incoming("dead-letter-replay", target + ".dlq", resolve(replayGroups).value(), true, null));
                }
            }
        }
        // Its transactional.id is <quarkus.application.name>-<pod name> unless configured.
        String prefix = transactional ? resolve(properties.getProperty("quarkus.application.name", service)).value() + "-" : null;
        return new ServiceConfiguration(service, port, List.copyOf(incoming), List.copyOf(outgoing), prefix, properties);
    }

    /** The service verifies bearer tokens itself (SmallRye JWT): its key location comes from JWT_PUBLIC_KEY_LOCATION. */
    boolean verifiesTokens() {
        return properties.stringPropertyNames().stream()
                .filter(name -> name.replaceFirst("^%[^.]+\\.", "").equals("mp.jwt.verify.publickey.location"))
                .anyMatch(name -> properties.getProperty(name).contains("${JWT_PUBLIC_KEY_LOCATION"));
    }

    static Map<String, ServiceConfiguration> all() {
        Map<String, ServiceConfiguration> all = new LinkedHashMap<>();
        SERVICES.forEach(s -> all.put(s, of(s)));
        return all;
    }

    /** Every topic the service touches: consumed, produced, and dead-letter topics. */
    List<String> topics() {
        List<String> topics = new ArrayList<>(outgoingTopics);
        incoming.forEach(i -> {
            topics.add(i.topic());
            if (i.deadLetterTopic() != null) {
                topics.add(i.deadLetterTopic());
            }
        });
        return topics;
    }

    private record Resolved(String value, boolean truncated) {
    }

    /** Replaces {@code ${NAME:default}} by its default; stops at an expression without default. */
    private static Resolved resolve(String raw) {
        String value = raw.trim();
        StringBuilder out = new StringBuilder();
        Matcher matcher = EXPRESSION.matcher(value);
        int last = 0;
        while (matcher.find()) {
            out.append(value, last, matcher.start());
            if (matcher.group(2) == null) {
                return new Resolved(out.toString(), true);
            }
            out.append(matcher.group(2));
            last = matcher.end();
        }
        out.append(value.substring(last));
        return new Resolved(out.toString(), false);
    }
}
