package dev.estimator.deploy.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Reading a service's effective environment (ConfigMaps from envFrom, then env) out of its Deployment. */
final class Workloads {

    private Workloads() {
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Literal values: from envFrom ConfigMaps, overridden by literal env entries. */
    static Map<String, String> literalEnvironment(Manifests manifests, Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        Container container = container(deployment);
        if (container.getEnvFrom() != null) {
            container.getEnvFrom().stream()
                    .filter(f -> f.getConfigMapRef() != null)
                    .forEach(f -> env.putAll(manifests.get(ConfigMap.class, f.getConfigMapRef().getName()).getData()));
        }
        if (container.getEnv() != null) {
            container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        }
        return env;
    }

    static Optional<EnvVar> env(Deployment deployment, String name) {
        Container container = container(deployment);
        return container.getEnv() == null ? Optional.empty()
                : container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The Secret a variable is read from, as "name/key". */
    static String secretKey(Deployment deployment, String variable) {
        EnvVar var = env(deployment, variable).orElseThrow(() -> new AssertionError(
                deployment.getMetadata().getName() + " does not set " + variable));
        if (var.getValueFrom() == null || var.getValueFrom().getSecretKeyRef() == null) {
            throw new AssertionError(deployment.getMetadata().getName() + ": " + variable + " must come from a Secret");
        }
        return var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey();
    }
}
