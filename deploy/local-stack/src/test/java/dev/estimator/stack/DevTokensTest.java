package dev.estimator.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.util.KeyUtils;

/** Dev tokens verify against the public half of the committed dev key, with the claims the gateway reads. */
class DevTokensTest {

    static final Path ROOT = Path.of(System.getProperty("estimator.root", "../.."));

    static PublicKey devPublicKey() throws Exception {
        return KeyUtils.decodePublicKey(Files.readString(ROOT.resolve("gateway/src/main/resources/dev-keys/dev-jwt-public.pem")));
    }

    static JwtClaims verify(String token, PublicKey key) throws InvalidJwtException {
        return new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(DevTokens.ISSUER).setRequireExpirationTime()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build().processToClaims(token);
    }

    @Test
    void mintedTokensCarryTheRoleAndVerifyWithTheGatewaysKey() throws Exception {
        String token = DevTokens.mint(ROOT, "analyst");
        JwtClaims claims = verify(token, devPublicKey());
        assertEquals("dev-analyst", claims.getSubject());
        assertEquals("dev-analyst", claims.getStringClaimValue("upn"));
        assertEquals(List.of("analyst"), claims.getStringListClaimValue("groups"));
        assertTrue(claims.getJwtId() != null && !claims.getJwtId().isBlank());
        long ttl = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertTrue(ttl >= 86_400 && ttl <= 86_410, "a day: " + ttl);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertEquals("estimator-dev", jws.getKeyIdHeaderValue());
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
    }

    @Test
    void expiredOrForeignTokensDoNotVerify() throws Exception {
        var key = DevTokens.privateKey(ROOT.resolve(DevTokens.PRIVATE_KEY));
        assertThrows(InvalidJwtException.class, () -> verify(DevTokens.sign("admin", "late", -600, DevTokens.ISSUER, key), devPublicKey()));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = DevTokens.sign("admin", "forger", 3600, DevTokens.ISSUER, generator.generateKeyPair().getPrivate());
        assertThrows(InvalidJwtException.class, () -> verify(forged, devPublicKey()));
    }
}
