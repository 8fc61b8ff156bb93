package dev.estimator.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs test tokens the way deploy/local/token.sh does, with the dev private key the gateway's default
 * configuration trusts. Every call gets a fresh subject unless one is given, so rate limits and
 * idempotency keys (both per subject) never leak between tests.
 */
public final class TestTokens {

    public static final String ISSUER = "https://estimator.local/dev";

    private TestTokens() {
    }

    public static String analyst() {
        return sign("analyst", "analyst-" + UUID.randomUUID(), 3600, ISSUER, devKey());
    }

    public static String admin() {
        return sign("admin", "admin-" + UUID.randomUUID(), 3600, ISSUER, devKey());
    }

    public static String forSubject(String role, String subject) {
        return sign(role, subject, 3600, ISSUER, devKey());
    }

    public static String expired() {
        return sign("analyst", "late", -600, ISSUER, devKey());
    }

    public static String otherIssuer() {
        return sign("analyst", "stranger", 3600, "https://attacker.example", devKey());
    }

    /** A well-formed token signed by a key the gateway does not trust. */
    public static String foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign("admin", "forger", 3600, ISSUER, generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey devKey() {
        try {
            Path pem = Path.of(System.getProperty("estimator.root", "../"), "deploy/local/dev-keys/dev-jwt-private.pem");
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dev private key", e);
        }
    }

    static String sign(String role, String subject, long ttlSeconds, String issuer, PrivateKey key) {
        try {
            long now = System.currentTimeMillis() / 1000;
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
            String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":[\""
                    + role + "\"],\"iat\":" + (now - 5) + ",\"exp\":" + (now + ttlSeconds) + "}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
