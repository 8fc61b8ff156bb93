package dev.estimator.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The start-up check of the token verification ({@link JwtTrust}): outside dev and test, the committed development key
 * (wherever it is copied, as a PEM or inside a JWKS) and issuer are refused, and so is a configuration without a key,
 * an issuer or an audience; the committed application.properties, read as a production start reads it without the
 * JWT_* variables, is refused.
 */
class JwtTrustTest {

    static final List<String> PROD = List.of("prod");
    static final Optional<String> IDP_JWKS = Optional.of("https://idp.example/realms/estimator/protocol/openid-connect/certs");
    static final Optional<String> IDP_ISSUER = Optional.of("https://idp.example/realms/estimator");
    static final Optional<List<String>> AUDIENCE = Optional.of(List.of("estimator-api"));

    @TempDir
    Path dir;

    static String devPem() throws IOException {
        try (var in = JwtTrust.class.getClassLoader().getResourceAsStream(JwtTrust.DEV_KEY_RESOURCE)) {
            return new String(in.readAllBytes());
        }
    }

    static List<String> prod(Optional<String> location, Optional<String> issuer, Optional<List<String>> audiences) {
        return JwtTrust.problems(PROD, location, Optional.empty(), issuer, audiences);
    }

    static void assertRefused(List<String> problems, String... mentioned) {
        assertTrue(!problems.isEmpty(), "refused");
        String all = String.join(" ", problems);
        for (String m : mentioned) {
            assertTrue(all.contains(m), "names " + m + ": " + all);
        }
    }

    @Test
    void anIdentityProvidersKeyIssuerAndAudienceAreAccepted() {
        assertEquals(List.of(), prod(IDP_JWKS, IDP_ISSUER, AUDIENCE));
    }

    @Test
    void nothingConfiguredIsRefusedNamingEachVariable() {
        assertRefused(prod(Optional.empty(), Optional.empty(), Optional.empty()), "JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER",
                "JWT_AUDIENCE");
        assertRefused(prod(IDP_JWKS, IDP_ISSUER, Optional.of(List.of(""))), "JWT_AUDIENCE");
    }

    @Test
    void theDevelopmentKeyAndIssuerAreRefusedWhereverTheKeyIsCopied() throws Exception {
        assertRefused(prod(Optional.of("dev-keys/dev-jwt-public.pem"), IDP_ISSUER, AUDIENCE), "development key");
        assertRefused(prod(Optional.of("classpath:dev-keys/dev-jwt-public.pem"), IDP_ISSUER, AUDIENCE), "development key");
        assertRefused(prod(IDP_JWKS, Optional.of(JwtTrust.DEV_ISSUER), AUDIENCE), "development issuer");
        // A copy under another name, as a PEM and as a JWKS (the modulus as a JWK's n).
        Path pem = Files.writeString(dir.resolve("idp.pem"), devPem());
        assertRefused(prod(Optional.of(pem.toString()), IDP_ISSUER, AUDIENCE), "development key");
        assertRefused(prod(Optional.of("file:" + pem), IDP_ISSUER, AUDIENCE), "development key");
        Path jwks = Files.writeString(dir.resolve("keys.json"), "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"x\", \"e\": \"AQAB\", \"n\": \""
                + modulus(devPem()) + "\"}]}");
        assertRefused(prod(Optional.of(jwks.toString()), IDP_ISSUER, AUDIENCE), "development key");
        assertRefused(JwtTrust.problems(PROD, Optional.empty(), Optional.of(devPem()), IDP_ISSUER, AUDIENCE), "development key");
        // Another key in a file is fine.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String own = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Path ownPem = Files.writeString(dir.resolve("own.pem"), own);
        assertEquals(List.of(), prod(Optional.of(ownPem.toString()), IDP_ISSUER, AUDIENCE));
    }

    @Test
    void devAndTestProfilesTrustTheDevelopmentKey() {
        for (List<String> profiles : List.of(List.of("dev"), List.of("test"), List.of("test", "kafka"))) {
            assertEquals(List.of(), JwtTrust.problems(profiles, Optional.of("dev-keys/dev-jwt-public.pem"), Optional.empty(),
                    Optional.of(JwtTrust.DEV_ISSUER), Optional.empty()));
        }
    }

    /** What a packaged gateway reads at start (application.properties, prod profile, no JWT_* variable) is refused. */
    @Test
    void theCommittedConfigurationIsRefusedInProductionAndAcceptedInDevAndTest() throws Exception {
        assertRefused(problemsOfCommittedConfiguration("prod", false), "JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER", "JWT_AUDIENCE");
        // With the development key and issuer handed over explicitly, as a careless deployment might.
        assertRefused(problemsOfCommittedConfiguration("prod", true), "development key", "development issuer");
        assertEquals(List.of(), problemsOfCommittedConfiguration("dev", false));
        assertEquals(List.of(), problemsOfCommittedConfiguration("test", false));
    }

    static List<String> problemsOfCommittedConfiguration(String profile, boolean devValues) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(JwtTrust.class.getClassLoader().getResource("application.properties")));
        if (devValues) {
            builder.withDefaultValue("JWT_PUBLIC_KEY_LOCATION", "dev-keys/dev-jwt-public.pem")
                    .withDefaultValue("JWT_ISSUER", JwtTrust.DEV_ISSUER).withDefaultValue("JWT_AUDIENCE", "estimator-api");
        }
        SmallRyeConfig config = builder.build();
        return JwtTrust.problems(List.of(profile), config.getOptionalValue("mp.jwt.verify.publickey.location", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValues("mp.jwt.verify.audiences", String.class));
    }

    static String modulus(String pem) throws Exception {
        String der = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        RSAPublicKey key = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(der)));
        byte[] n = key.getModulus().toByteArray();
        if (n[0] == 0) {
            n = Arrays.copyOfRange(n, 1, n.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    }
}
