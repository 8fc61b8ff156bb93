package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Every service that verifies bearer tokens (the gateway, and catalog-service and cost-service on their edits) gets the
 * same key, issuer and roles claim from the one ConfigMap jwt-config, so a token the gateway accepts and forwards is
 * accepted behind it; prod trusts the identity provider, dev the development key it mounts (in the dev profile), and
 * neither relies on a key built into an image.
 */
class TokenVerificationTest {

    static final String SHARED = "jwt-config";
    /** DevTokens.ISSUER and deploy/local/token.sh's default issuer. */
    static final String DEV_ISSUER = "https://estimator.local/dev";

    static List<ServiceConfiguration> verifiers() {
        return ServiceConfiguration.all().values().stream().filter(ServiceConfiguration::verifiesTokens).toList();
    }

    @Test
    void theGatewayCatalogAndCostVerifyTokensAndComputeHasNothingToProtect() {
        assertEquals(List.of("catalog-service", "cost-service", "gateway"),
                verifiers().stream().map(ServiceConfiguration::service).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVerifierReadsTheSharedConfigMapAndGetsAKeyAndAnIssuer(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<Map<String, String>> settings = new java.util.HashSet<>();
        for (ServiceConfiguration service : verifiers()) {
            Deployment deployment = manifests.get(Deployment.class, service.service());
            List<String> configMaps = Objects.requireNonNullElse(Workloads.container(deployment).getEnvFrom(), List.<EnvFromSource>of())
                    .stream().filter(f -> f.getConfigMapRef() != null).map(f -> f.getConfigMapRef().getName()).toList();
            // Last, so that no service's own ConfigMap can set a different key or issuer.
            assertEquals(SHARED, configMaps.get(configMaps.size() - 1), service.service() + " envFrom " + configMaps);
            Map<String, String> env = Workloads.literalEnvironment(manifests, deployment);
            for (String variable : List.of("JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER", "JWT_GROUPS_PATH")) {
                assertFalse(env.getOrDefault(variable, "").isBlank(), overlay + ": " + service.service() + " has no " + variable);
                assertTrue(Workloads.env(deployment, variable).isEmpty(), service.service() + " overrides " + variable);
            }
            assertTrue(Workloads.env(deployment, "JWT_AUDIENCE").isEmpty(), service.service() + " overrides JWT_AUDIENCE");
            settings.add(Map.of("key", env.get("JWT_PUBLIC_KEY_LOCATION"), "issuer", env.get("JWT_ISSUER"),
                    "groups", env.get("JWT_GROUPS_PATH"), "audience", env.getOrDefault("JWT_AUDIENCE", ""),
                    "profile", env.getOrDefault("QUARKUS_PROFILE", "prod")));
        }
        assertEquals(1, settings.size(), overlay + ": the verifiers disagree: " + settings);
        // Only the settings live there: the prod patch that adds Kafka settings to the services' ConfigMaps skips it.
        assertTrue(Set.of("JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER", "JWT_GROUPS_PATH", "JWT_AUDIENCE")
                .containsAll(manifests.get(ConfigMap.class, SHARED).getData().keySet()), overlay);
        Deployment compute = manifests.get(Deployment.class, "compute-service");
        assertFalse(Workloads.literalEnvironment(manifests, compute).containsKey("JWT_PUBLIC_KEY_LOCATION"));
    }

    @Test
    void prodTrustsTheIdentityProviderOverHttpsForItsAudienceInTheProdProfile() {
        Manifests prod = Manifests.overlay("prod");
        Map<String, String> jwt = prod.get(ConfigMap.class, SHARED).getData();
        assertTrue(jwt.get("JWT_PUBLIC_KEY_LOCATION").startsWith("https://"), jwt.toString());
        assertTrue(jwt.get("JWT_ISSUER").startsWith("https://"), jwt.toString());
        assertFalse(jwt.get("JWT_ISSUER").equals(DEV_ISSUER), "prod must not accept development tokens");
        // The gateway refuses to start in prod without an audience to check.
        assertFalse(jwt.getOrDefault("JWT_AUDIENCE", "").isBlank(), jwt.toString());
        // The dev profile, which trusts the development key, is never switched on in prod.
        for (Deployment deployment : prod.list(Deployment.class)) {
            assertFalse(Workloads.literalEnvironment(prod, deployment).containsKey("QUARKUS_PROFILE"), deployment.getMetadata().getName());
            assertTrue(Objects.requireNonNullElse(deployment.getSpec().getTemplate().getSpec().getVolumes(), List.<Volume>of()).stream()
                    .noneMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().startsWith("jwt-dev-key")),
                    deployment.getMetadata().getName() + " mounts the development key");
        }
    }

    @Test
    void devMountsTheDevelopmentKeyIntoEveryVerifier() throws IOException {
        Manifests dev = Manifests.overlay("dev");
        Map<String, String> jwt = dev.get(ConfigMap.class, SHARED).getData();
        assertEquals(DEV_ISSUER, jwt.get("JWT_ISSUER"));
        String location = jwt.get("JWT_PUBLIC_KEY_LOCATION");
        String expected = Files.readString(Paths.root().resolve("deploy/local/dev-keys/dev-jwt-public.pem"));
        Set<String> mounted = new TreeSet<>();
        for (ServiceConfiguration service : verifiers()) {
            Deployment deployment = dev.get(Deployment.class, service.service());
            Container container = Workloads.container(deployment);
            VolumeMount mount = container.getVolumeMounts().stream().filter(m -> location.startsWith(m.getMountPath() + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(service.service() + " mounts nothing at " + location));
            assertEquals(Boolean.TRUE, mount.getReadOnly());
            Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            ConfigMap key = dev.get(ConfigMap.class, volume.getConfigMap().getName());
            String file = location.substring(mount.getMountPath().length() + 1);
            // The overlay's copy is the key whose private half deploy/local/token.sh signs with.
            assertEquals(expected, key.getData().get(file), service.service() + ": " + file + " in " + key.getMetadata().getName());
            // ... trusted in the dev profile only (the gateway refuses the development key in any other).
            assertEquals("dev", Workloads.literalEnvironment(dev, deployment).get("QUARKUS_PROFILE"), service.service());
            mounted.add(service.service());
        }
        assertEquals(Set.of("catalog-service", "cost-service", "gateway"), mounted);
    }
}
