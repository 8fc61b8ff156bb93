package dev.estimator.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is: surefire passes {@code estimator.root}; run from an IDE, the module sits two levels down. */
final class Paths {

    private Paths() {
    }

    static Path root() {
        String configured = System.getProperty("estimator.root");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().resolve("../..").normalize();
        if (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            throw new IllegalStateException("Not the repository root (no deploy/k8s): " + root);
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }
}
