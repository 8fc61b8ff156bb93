package dev.estimator.deploy.k8s.keda;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** KEDA {@code keda.sh/v1alpha1 TriggerAuthentication} (secret references only), see {@link ScaledObject} for the source. */
public record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public TriggerAuthentication {
        if (!ScaledObject.API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + ScaledObject.API_VERSION + ", was " + apiVersion);
        }
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    public record Spec(List<SecretTargetRef> secretTargetRef) {
    }

    public record SecretTargetRef(String parameter, String name, String key) {
        public SecretTargetRef {
            Objects.requireNonNull(parameter, "secretTargetRef.parameter");
            Objects.requireNonNull(name, "secretTargetRef.name");
            Objects.requireNonNull(key, "secretTargetRef.key");
        }
    }
}
