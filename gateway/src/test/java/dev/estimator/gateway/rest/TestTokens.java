package dev.estimator.gateway.rest;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.UUID;

import dev.estimator.stack.DevTokens;

/**
 * Test tokens signed as deploy/local/token.sh signs them ({@link DevTokens}), with the dev private key the gateway's
 * default configuration trusts. Every call gets a fresh subject unless one is given, so rate limits and idempotency
 * keys (both per subject) never leak between tests.
 */
public final class TestTokens {

    public static final String ISSUER = DevTokens.ISSUER;

    private TestTokens() {
    }

    public static String analyst() {
        return DevTokens.sign("analyst", "analyst-" + UUID.randomUUID(), 3600, ISSUER, devKey());
    }

    public static String admin() {
        return DevTokens.sign("admin", "admin-" + UUID.randomUUID(), 3600, ISSUER, devKey());
    }

    public static String forSubject(String role, String subject) {
        return DevTokens.sign(role, subject, 3600, ISSUER, devKey());
    }

    public static String expired() {
        return DevTokens.sign("analyst", "late", -600, ISSUER, devKey());
    }

    public static String otherIssuer() {
        return DevTokens.sign("analyst", "stranger", 3600, "https://attacker.example", devKey());
    }

    /** A well-formed token signed by a key the gateway does not trust. */
    public static String foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return DevTokens.sign("admin", "forger", 3600, ISSUER, generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey devKey() {
        return DevTokens.privateKey(Path.of(System.getProperty("estimator.root", "../"), "deploy/local/dev-keys/dev-jwt-private.pem"));
    }
}
