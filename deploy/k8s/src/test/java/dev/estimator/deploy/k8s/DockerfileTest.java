package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Each service's JVM-mode Dockerfile: maintained, pinned OpenJDK 17/21 runtime, non-root, fast-jar layout. */
class DockerfileTest {

    private static final Pattern BASE = Pattern.compile(
            "registry\\.access\\.redhat\\.com/ubi9/openjdk-(17|21)-runtime:(\\d+\\.\\d+(-\\d+)?)");

    @ParameterizedTest
    @ValueSource(strings = {"catalog-service", "compute-service", "cost-service", "gateway"})
    void dockerfileRunsTheFastJarAsNonRootOnAPinnedOpenJdkRuntime(String service) throws IOException {
        Path dockerfile = Paths.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        List<String> instructions = Files.readAllLines(dockerfile).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        List<String> from = instructions.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(1, from.size(), "one stage");
        Matcher base = BASE.matcher(from.get(0).substring(5).trim());
        assertTrue(base.matches(), "base image " + from.get(0) + " is not a pinned ubi9 OpenJDK 17/21 runtime");

        for (String dir : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(instructions.stream().anyMatch(l -> l.startsWith("COPY --chown=185 target/quarkus-app/" + dir)),
                    service + " does not copy target/quarkus-app/" + dir);
        }
        List<String> users = instructions.stream().filter(l -> l.startsWith("USER ")).toList();
        String user = users.get(users.size() - 1).substring(5).trim();
        assertTrue(user.matches("\\d+"), "USER must be numeric so runAsNonRoot can verify it: " + user);
        assertNotEquals("0", user);

        int port = ServiceConfiguration.of(service).httpPort();
        assertTrue(instructions.contains("EXPOSE " + port), service + " must EXPOSE " + port);
        assertTrue(instructions.stream().anyMatch(l -> l.startsWith("ENTRYPOINT")));
        assertFalse(instructions.stream().anyMatch(l -> l.contains(":latest")));

        // The Deployment runs the image as the Dockerfile's user.
        for (String overlay : Manifests.OVERLAYS) {
            Deployment deployment = Manifests.overlay(overlay).get(Deployment.class, service);
            assertEquals(Long.parseLong(user), deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        }
    }
}
