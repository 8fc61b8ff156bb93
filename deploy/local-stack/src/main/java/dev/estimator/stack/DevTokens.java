package dev.estimator.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * DEV ONLY: bearer tokens the local stack's gateway accepts, minted exactly as {@code deploy/local/token.sh}
 * does (the JDK's single-file launcher runs {@code deploy/local/DevTokenIssuer.java} with the committed
 * development key), so tests and the demo exercise the real JWT verification.
 */
public final class DevTokens {

    private DevTokens() {
    }

    public static String mint(Path root, String role) {
        Path local = root.resolve("deploy/local");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                local.resolve("DevTokenIssuer.java").toString(), role, "dev-" + role, "86400",
                local.resolve("dev-keys/dev-jwt-private.pem").toString(), "https://estimator.local/dev")
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Cannot mint a dev token: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot mint a dev token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
