package dev.estimator.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start a gateway that would trust tokens it should not: outside the {@code dev} and {@code test} profiles
 * the token verification must be configured ({@code JWT_PUBLIC_KEY_LOCATION}, {@code JWT_ISSUER},
 * {@code JWT_AUDIENCE}) and must not be the development key pair committed in this repository (whose private half
 * anyone can read, so anyone could sign an admin token with it) or its issuer. The development key is recognized by its
 * content, wherever it is copied to: a PEM, or a JWKS holding its modulus. A key fetched over HTTP(S) (an identity
 * provider's JWKS) is not fetched here; it cannot be the committed file.
 */
@ApplicationScoped
public class JwtTrust {

    private static final Logger LOG = Logger.getLogger(JwtTrust.class);

    /** The committed development key (its private half is deploy/local/dev-keys) and the issuer its tokens carry. */
    static final String DEV_KEY_RESOURCE = "dev-keys/dev-jwt-public.pem";
    static final String DEV_ISSUER = "https://estimator.local/dev";

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> inlineKey;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<List<String>> audiences;

    /** Before the other start-up work of the application's beans: nothing is served with a bad configuration. */
    void check(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = problems(ConfigUtils.getProfiles(), keyLocation, inlineKey, issuer, audiences);
        if (!problems.isEmpty()) {
            String message = "Refusing to start: the token verification is not fit for profile " + ConfigUtils.getProfiles()
                    + ". " + String.join(" ", problems) + " The development key and issuer are trusted only in the dev and "
                    + "test profiles (docs: gateway/README.md, Configuration).";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** What is wrong with this verification configuration for these profiles; empty if nothing is. */
    static List<String> problems(List<String> profiles, Optional<String> keyLocation, Optional<String> inlineKey,
            Optional<String> issuer, Optional<List<String>> audiences) {
        List<String> problems = new ArrayList<>();
        if (profiles.contains("dev") || profiles.contains("test")) {
            return problems;
        }
        Optional<String> location = keyLocation.map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> inline = inlineKey.map(String::trim).filter(s -> !s.isEmpty());
        if (location.isEmpty() && inline.isEmpty()) {
            problems.add("JWT_PUBLIC_KEY_LOCATION (mp.jwt.verify.publickey.location) is not set: set it to your identity "
                    + "provider's JWKS URL or a PEM public key.");
        } else if (location.filter(JwtTrust::isDevKey).isPresent() || inline.filter(JwtTrust::containsDevKey).isPresent()) {
            problems.add("JWT_PUBLIC_KEY_LOCATION names the committed development key: set it to your identity provider's "
                    + "JWKS URL or a PEM public key of your own.");
        }
        String iss = issuer.map(String::trim).orElse("");
        if (iss.isEmpty()) {
            problems.add("JWT_ISSUER (mp.jwt.verify.issuer) is not set: set it to your identity provider's issuer (its "
                    + "tokens' iss claim).");
        } else if (iss.equals(DEV_ISSUER)) {
            problems.add("JWT_ISSUER is the development issuer " + DEV_ISSUER + ": set it to your identity provider's.");
        }
        if (audiences.map(a -> a.stream().allMatch(s -> s.isBlank())).orElse(true)) {
            problems.add("JWT_AUDIENCE (mp.jwt.verify.audiences) is not set: set it to the audience your identity provider "
                    + "puts in this API's tokens (their aud claim), so tokens minted for other applications are refused.");
        }
        return problems;
    }

    /** Whether a key location holds the development key; a remote one (http, https) cannot be this repository's file. */
    static boolean isDevKey(String location) {
        String lower = location.toLowerCase();
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return false;
        }
        String path = lower.startsWith("classpath:") ? location.substring("classpath:".length())
                : lower.startsWith("file:") ? location.substring("file:".length()) : location;
        if (path.endsWith(DEV_KEY_RESOURCE) || path.endsWith("dev-jwt-public.pem")) {
            return true;
        }
        return read(path).filter(JwtTrust::containsDevKey).isPresent();
    }

    /** A PEM or JWKS text that holds the development key (its base64 DER, or its modulus as a JWK's n). */
    static boolean containsDevKey(String text) {
        String compact = text.replaceAll("\\s", "");
        DevKey key = DevKey.INSTANCE;
        return key != null && (compact.contains(key.der) || compact.contains(key.modulus));
    }

    private static Optional<String> read(String path) {
        String resource = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // not on the class path
        }
        try {
            Path file = Path.of(path);
            // A key is a few KB; a larger file is not read whole at start.
            if (Files.isRegularFile(file) && Files.size(file) < 1_000_000) {
                return Optional.of(Files.readString(file));
            }
        } catch (IOException | InvalidPathException e) {
            // unreadable: smallrye-jwt will say so when it loads it
        }
        return Optional.empty();
    }

    /** The development key as it appears in a PEM (base64 DER) and in a JWK (base64url modulus). */
    private record DevKey(String der, String modulus) {

        static final DevKey INSTANCE = load();

        private static DevKey load() {
            try (InputStream in = JwtTrust.class.getClassLoader().getResourceAsStream(DEV_KEY_RESOURCE)) {
                if (in == null) {
                    return null;
                }
                String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                String der = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
                byte[] n = key.getModulus().toByteArray();
                // A JWK's n is the unsigned big-endian modulus: without BigInteger's sign byte.
                if (n.length > 1 && n[0] == 0) {
                    n = Arrays.copyOfRange(n, 1, n.length);
                }
                return new DevKey(der, Base64.getUrlEncoder().withoutPadding().encodeToString(n));
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("Cannot read the development key " + DEV_KEY_RESOURCE, e);
            }
        }
    }
}
