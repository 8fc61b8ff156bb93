package dev.estimator.stack.quarkus;

import java.util.Map;

import dev.estimator.stack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real KRaft broker for a module's {@code @QuarkusTest}s. Use with
 * {@code @WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)} so one
 * broker serves the whole module.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start(0);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
