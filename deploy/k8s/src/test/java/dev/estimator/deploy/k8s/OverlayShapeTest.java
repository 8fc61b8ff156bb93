package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.estimator.deploy.k8s.cnpg.CnpgCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import dev.estimator.deploy.k8s.keda.ScaledObject;

/** What the issue asks of each overlay. */
class OverlayShapeTest {

    @Test
    void devRunsOneKafkaNodeAndOnePostgresInstancePerDatabase() {
        Manifests dev = Manifests.overlay("dev");
        assertEquals(1, nodes(dev));
        dev.all(CnpgCluster.class).forEach(c -> assertEquals(1, c.spec().instances(), c.metadata().getName()));
        dev.all(KafkaTopic.class).forEach(t -> assertEquals(1, t.getSpec().getReplicas(), t.getMetadata().getName()));
        assertTrue(dev.list(ScaledObject.class).isEmpty());
        assertKraft(dev);
    }

    @Test
    void prodRunsThreeKafkaNodesWithReplicationThreeAndMinIsrTwo() {
        Manifests prod = Manifests.overlay("prod");
        assertEquals(3, nodes(prod));
        assertKraft(prod);
        // KRaft quorum: an odd number of controllers, 3 tolerates one failure.
        assertEquals(3, prod.all(KafkaNodePool.class).filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum());
        Map<String, Object> config = prod.list(Kafka.class).get(0).getSpec().getKafka().getConfig();
        assertEquals(3, number(config.get("default.replication.factor")));
        assertEquals(2, number(config.get("min.insync.replicas")));
        assertEquals(3, number(config.get("offsets.topic.replication.factor")));
        assertEquals(3, number(config.get("transaction.state.log.replication.factor")));
        assertEquals(2, number(config.get("transaction.state.log.min.isr")));
        prod.all(KafkaTopic.class).forEach(t -> {
            assertEquals(3, t.getSpec().getReplicas(), t.getMetadata().getName());
            assertEquals(2, number(t.getSpec().getConfig().get("min.insync.replicas")), t.getMetadata().getName());
        });
    }

    @Test
    void prodRunsThreePostgresInstancesPerDatabaseSpreadOverNodes() {
        Manifests prod = Manifests.overlay("prod");
        assertEquals(4, prod.list(CnpgCluster.class).size());
        prod.all(CnpgCluster.class).forEach(c -> {
            assertEquals(3, c.spec().instances(), c.metadata().getName());
            assertEquals(Boolean.TRUE, c.spec().affinity().enablePodAntiAffinity());
        });
    }

    @Test
    void prodOnlyOffersScramOverTlsAndTurnsKedaAndNetworkPoliciesOn() {
        Manifests prod = Manifests.overlay("prod");
        for (GenericKafkaListener listener : prod.list(Kafka.class).get(0).getSpec().getKafka().getListeners()) {
            assertTrue(listener.isTls(), "prod listener " + listener.getName() + " without TLS");
            assertEquals("scram-sha-512", listener.getAuth().getType());
        }
        assertEquals("simple", prod.list(Kafka.class).get(0).getSpec().getKafka().getAuthorization().getType());
        for (Deployment deployment : prod.list(Deployment.class)) {
            assertEquals("SASL_SSL", Workloads.literalEnvironment(prod, deployment).get("KAFKA_SECURITY_PROTOCOL"));
        }
        assertEquals(3, prod.list(ScaledObject.class).size());
        // The gateway's built-in key is for development only (gateway application.properties).
        Map<String, String> gateway = Workloads.literalEnvironment(prod, prod.get(Deployment.class, "gateway"));
        assertTrue(gateway.getOrDefault("JWT_PUBLIC_KEY_LOCATION", "").startsWith("https://"), gateway.toString());
        assertTrue(gateway.getOrDefault("JWT_ISSUER", "").startsWith("https://"), gateway.toString());
        assertTrue(prod.find(NetworkPolicy.class, "default-deny").isPresent());
    }

    @Test
    void bothOverlaysDenyByDefault() {
        for (String overlay : Manifests.OVERLAYS) {
            NetworkPolicy deny = Manifests.overlay(overlay).get(NetworkPolicy.class, "default-deny");
            assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
            assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(deny.getSpec().getPolicyTypes()));
            assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
            assertTrue(deny.getSpec().getEgress() == null || deny.getSpec().getEgress().isEmpty());
        }
    }

    private static void assertKraft(Manifests manifests) {
        // No ZooKeeper anywhere: kafka.strimzi.io/v1 has no such field, and every node pool carries KRaft roles.
        assertFalse(manifests.list(KafkaNodePool.class).isEmpty());
        manifests.all(KafkaNodePool.class).forEach(p -> assertFalse(p.getSpec().getRoles().isEmpty()));
    }

    private static int nodes(Manifests manifests) {
        return manifests.all(KafkaNodePool.class).mapToInt(p -> p.getSpec().getReplicas()).sum();
    }

    private static int number(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }
}
