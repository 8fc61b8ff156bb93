package dev.estimator.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomize directory with {@code kubectl kustomize} from PATH (kubectl bundles kustomize, and
 * works offline). Nothing is downloaded: a machine without kubectl fails here with a message saying so.
 */
final class Kustomize {

    private static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");

    private Kustomize() {
    }

    static String render(Path directory) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("kustomize", ".yaml");
            stderr = Files.createTempFile("kustomize", ".err");
            Process process;
            try {
                process = new ProcessBuilder(List.of(KUBECTL, "kustomize", directory.toString()))
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot run '" + KUBECTL + "': the manifest checks need kubectl "
                        + "(1.27 or newer, which bundles kustomize v5) on PATH, or its path in the "
                        + "KUBECTL environment variable. See deploy/README.md.", e);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
