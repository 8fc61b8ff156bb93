package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The gateway configured for an identity provider as a deployment would be, Keycloak-like: its own key, issuer and
 * audience, and roles at {@code realm_access/roles} ({@code JWT_GROUPS_PATH}). Its tokens are accepted, with their
 * roles read from that path; tokens without the audience, for another audience, or signed with the development key
 * (DevTokens, deploy/local/token.sh) are refused.
 */
@QuarkusTest
@TestProfile(IdentityProviderTest.KeycloakLike.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class IdentityProviderTest {

    static final String ISSUER = "https://idp.example/realms/estimator";
    static final String AUDIENCE = "estimator-api";
    /** The provider's key pair, written once per build: the profile and the test may be loaded by different class loaders. */
    static final Path KEYS = Path.of("target", "test-idp");

    public static class KeycloakLike implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("JWT_PUBLIC_KEY_LOCATION", keys().resolve("public.pem").toAbsolutePath().toString(),
                    "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE, "JWT_GROUPS_PATH", "realm_access/roles");
        }
    }

    static synchronized Path keys() {
        try {
            if (!Files.exists(KEYS.resolve("private.pem"))) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(KEYS);
                Files.writeString(KEYS.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.writeString(KEYS.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            return KEYS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static PrivateKey providerKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(keys().resolve("private.pem")));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token as Keycloak issues it: roles under realm_access.roles, the audience in aud. */
    static JwtClaimsBuilder keycloakToken(String role) {
        long now = Instant.now().getEpochSecond();
        String subject = role + "-" + UUID.randomUUID();
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).claim("realm_access", Map.of("roles", List.of(role)))
                .issuedAt(now - 5).expiresAt(now + 3600);
    }

    static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("idp").sign(providerKey());
    }

    static int submit(String token) {
        return GatewayTesting.as(token).body(REQUEST).when().post("/api/v1/scenarios").then()
                .contentType(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.startsWith("application/json"),
                        org.hamcrest.Matchers.startsWith("application/problem+json")))
                .extract().statusCode();
    }

    static void assertStatus(int expected, int actual, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, what);
    }

    @Test
    void theProvidersTokensAreAcceptedWithRolesFromRealmAccess() {
        assertStatus(202, submit(sign(keycloakToken("analyst").audience(AUDIENCE))), "analyst in realm_access/roles");
        assertStatus(202, submit(sign(keycloakToken("admin").audience(java.util.Set.of(AUDIENCE, "account")))),
                "one of several audiences");
        // Roles only where the path does not point (a client's roles): no role at all.
        long now = Instant.now().getEpochSecond();
        String elsewhere = sign(Jwt.issuer(ISSUER).subject("c").upn("c").audience(AUDIENCE).issuedAt(now - 5).expiresAt(now + 3600)
                .claim("resource_access", Map.of("estimator", Map.of("roles", List.of("analyst")))));
        assertStatus(403, submit(elsewhere), "roles at resource_access/estimator/roles, path realm_access/roles");
        // Admin edits need admin at the same path (the backend is down in this module: 503 means let through).
        given().header("Authorization", "Bearer " + sign(keycloakToken("admin").audience(AUDIENCE))).when()
                .delete("/api/v1/models/x").then().statusCode(503);
        given().header("Authorization", "Bearer " + sign(keycloakToken("analyst").audience(AUDIENCE))).when()
                .delete("/api/v1/models/x").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theAudienceIsChecked() {
        assertStatus(401, submit(sign(keycloakToken("analyst"))), "no aud");
        assertStatus(401, submit(sign(keycloakToken("analyst").audience("another-app"))), "another audience");
    }

    @Test
    void developmentTokensAreRefusedUnderAnotherKey() {
        assertStatus(401, submit(TestTokens.analyst()), "DevTokens: development key and issuer");
        assertStatus(401, submit(TestTokens.admin()), "DevTokens admin");
        // Even with the provider's issuer, audience and role path: the signature is the development key's.
        assertStatus(401, submit(keycloakToken("analyst").audience(AUDIENCE).jws().keyId("idp").sign(TestTokens.devKey())),
                "development key with the provider's claims");
    }
}
