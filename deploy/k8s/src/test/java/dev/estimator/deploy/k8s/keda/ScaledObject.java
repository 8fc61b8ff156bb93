package dev.estimator.deploy.k8s.keda;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * KEDA {@code keda.sh/v1alpha1 ScaledObject}, limited to the fields this project uses.
 *
 * <p>KEDA publishes no Java model or CRD schema on Maven Central; these records follow the published CRD
 * reference (keda.sh/docs, "ScaledObject specification") and were cross-checked against the generated type
 * definitions of the npm package {@code @kubernetes-models/keda@2.0.0}. Parsing fails on unknown fields.
 */
public record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public static final String API_VERSION = "keda.sh/v1alpha1";

    public ScaledObject {
        if (!API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + API_VERSION + ", was " + apiVersion);
        }
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    public record Spec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer initialCooldownPeriod,
                       Integer cooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
                       Integer maxReplicaCount, List<Trigger> triggers) {
        public Spec {
            Objects.requireNonNull(scaleTargetRef, "spec.scaleTargetRef is required");
            if (triggers == null || triggers.isEmpty()) {
                throw new IllegalArgumentException("spec.triggers is required");
            }
        }
    }

    public record ScaleTarget(String name, String apiVersion, String kind, String envSourceContainerName) {
        public ScaleTarget {
            Objects.requireNonNull(name, "scaleTargetRef.name is required");
        }
    }

    /** {@code metadata} is a free string map in the CRD; {@link KafkaScalerMetadata} types the Kafka scaler's keys. */
    public record Trigger(String type, String name, Boolean useCachedMetrics, Map<String, String> metadata,
                          AuthenticationRef authenticationRef, String metricType) {
        public Trigger {
            Objects.requireNonNull(type, "trigger type is required");
            Objects.requireNonNull(metadata, "trigger metadata is required");
        }
    }

    public record AuthenticationRef(String name, String kind) {
        public AuthenticationRef {
            Objects.requireNonNull(name, "authenticationRef.name is required");
        }
    }
}
