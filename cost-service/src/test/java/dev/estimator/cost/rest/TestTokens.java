package dev.estimator.cost.rest;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.UUID;

import dev.estimator.stack.DevTokens;

/**
 * Bearer tokens signed as deploy/local/token.sh signs them ({@link DevTokens}), with the dev private key whose public
 * half this service trusts in the test profile (application.properties).
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static String admin() {
        return DevTokens.sign("admin", "admin-" + UUID.randomUUID(), 3600, DevTokens.ISSUER, devKey());
    }

    public static String analyst() {
        return DevTokens.sign("analyst", "analyst-" + UUID.randomUUID(), 3600, DevTokens.ISSUER, devKey());
    }

    public static String expiredAdmin() {
        return DevTokens.sign("admin", "late", -600, DevTokens.ISSUER, devKey());
    }

    public static String adminOfOtherIssuer() {
        return DevTokens.sign("admin", "stranger", 3600, "https://attacker.example", devKey());
    }

    /** A well-formed admin token signed by a key this service does not trust. */
    public static String adminOfForeignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return DevTokens.sign("admin", "forger", 3600, DevTokens.ISSUER, generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey devKey() {
        return DevTokens.privateKey(Path.of(System.getProperty("estimator.root", "../"), "deploy/local/dev-keys/dev-jwt-private.pem"));
    }
}
