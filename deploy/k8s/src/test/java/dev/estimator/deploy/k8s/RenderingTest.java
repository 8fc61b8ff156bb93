package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, and every rendered object is a known kind that parses strictly into its typed model. */
class RenderingTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void rendersAndEveryObjectParsesIntoItsTypedModel(String directory) {
        Manifests manifests = Manifests.render(directory);

        Map<String, Long> kinds = manifests.items().stream()
                .collect(Collectors.groupingBy(Manifests.Item::kind, TreeMap::new, Collectors.counting()));
        // The issue's inventory: namespace, 4 x (Deployment, ConfigMap, ServiceAccount, Service, CNPG Cluster),
        // Kafka + node pool, 10 topics, a user per service, the gateway's Ingress and HPA.
        assertEquals(1, kinds.get("Namespace"), kinds.toString());
        assertEquals(4, kinds.get("Deployment"), kinds.toString());
        // ConfigMaps: one per service, the token verification settings they share, and in dev the development key.
        assertEquals(directory.equals("overlays/dev") ? 6 : 5, kinds.get("ConfigMap"), kinds.toString());
        assertEquals(4, kinds.get("ServiceAccount"), kinds.toString());
        assertEquals(4, kinds.get("Service"), kinds.toString());
        assertEquals(4, kinds.get("Cluster"), kinds.toString());
        assertEquals(1, kinds.get("Kafka"), kinds.toString());
        assertEquals(1, kinds.get("KafkaNodePool"), kinds.toString());
        assertEquals(10, kinds.get("KafkaTopic"), kinds.toString());
        assertEquals(1, kinds.get("Ingress"), kinds.toString());
        assertEquals(1, kinds.get("HorizontalPodAutoscaler"), kinds.toString());
        assertTrue(kinds.get("KafkaUser") >= 4, kinds.toString());
        manifests.items().forEach(item -> {
            if (!item.kind().equals("Namespace")) {
                assertEquals("estimator", item.raw().path("metadata").path("namespace").asText(), item.kind() + "/" + item.name());
            }
        });
    }

    @Test
    void componentsAreOnWhereTheIssueSaysSo() {
        Set<String> dev = kinds("overlays/dev");
        Set<String> prod = kinds("overlays/prod");
        assertTrue(dev.contains("NetworkPolicy"));
        assertFalse(dev.contains("ScaledObject"), "KEDA is a prod feature");
        assertTrue(prod.contains("NetworkPolicy"));
        assertTrue(prod.contains("ScaledObject"));
        assertTrue(prod.contains("TriggerAuthentication"));
    }

    private static Set<String> kinds(String directory) {
        return Manifests.render(directory).items().stream().map(Manifests.Item::kind).collect(Collectors.toSet());
    }

    // The strict parse itself must catch mistakes, for each family of models.

    @Test
    void aMisspeltFieldInACoreKindFails() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i:1}]}}
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
        assertTrue(error.getMessage().contains("spec.replica"), error.getMessage());
    }

    @Test
    void aMisspeltFieldInAStrimziKindFails() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: k}}
                spec: {partitions: 3, replica: 1}
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
        assertTrue(error.getMessage().contains("replica"), error.getMessage());
    }

    @Test
    void aStrimziFieldThatV1RemovedIsRefused() {
        // KafkaUser's single "operation" was replaced by "operations" in v1.
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u, labels: {strimzi.io/cluster: k}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls: [{resource: {type: topic, name: t}, operation: Read}]
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
        assertTrue(error.getMessage().contains("operation"), error.getMessage());
    }

    @Test
    void anOlderStrimziApiVersionIsRefused() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replicas: 1}
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
        assertTrue(error.getMessage().contains("No typed model"), error.getMessage());
    }

    @Test
    void aMisspeltFieldInACloudNativePgClusterFails() {
        String yaml = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec: {instances: 1, storage: {sise: 1Gi}}
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
        assertTrue(error.getMessage().contains("sise"), error.getMessage());
    }

    @Test
    void aKedaScaledObjectWithoutTriggersOrWithAnUnknownFieldFails() {
        String unknown = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec: {scaleTargetRef: {name: d}, maxReplicas: 3, triggers: [{type: kafka, metadata: {topic: t}}]}
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", unknown));
        assertTrue(error.getMessage().contains("maxReplicas"), error.getMessage());
        String noTriggers = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec: {scaleTargetRef: {name: d}}
                """;
        assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", noTriggers));
    }

    @Test
    void aMisspeltKedaKafkaTriggerKeyFails() {
        // KEDA would silently ignore "consumergroup" and scale on nothing.
        Map<String, String> metadata = Map.of("bootstrapServers", "k:9092", "consumerGroup", "g", "consumergroup", "g");
        assertThrows(IllegalArgumentException.class,
                () -> TypedModels.STRICT.convertValue(metadata, dev.estimator.deploy.k8s.keda.KafkaScalerMetadata.class));
    }

    @Test
    void aStringWhereTheSchemaWantsANumberFails() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: "3", replicas: 1}
                """;
        assertThrows(AssertionError.class, () -> Manifests.fromYaml("test", yaml));
    }
}
