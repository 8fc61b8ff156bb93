package dev.estimator.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * DEV ONLY: bearer tokens the local stack's gateway accepts, signed (RS256, SmallRye JWT's builder) with the
 * development key committed in {@code deploy/local/dev-keys}, with the claims of {@code deploy/local/token.sh}: issuer,
 * subject and upn, the role as the one group, issued-at, expiry and a token id. Tests and the demo so exercise the
 * gateway's real JWT verification.
 */
public final class DevTokens {

    public static final String ISSUER = "https://estimator.local/dev";
    static final String KEY_ID = "estimator-dev";
    static final String PRIVATE_KEY = "deploy/local/dev-keys/dev-jwt-private.pem";

    private DevTokens() {
    }

    /** A day-long token for {@code dev-<role>}, signed with the dev key under the repository root {@code root}. */
    public static String mint(Path root, String role) {
        return sign(role, "dev-" + role, 86_400, ISSUER, privateKey(root.resolve(PRIVATE_KEY)));
    }

    /** @param ttlSeconds negative for a token that expired that long ago (tests of the refusal) */
    public static String sign(String role, String subject, long ttlSeconds, String issuer, PrivateKey key) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(issuer).subject(subject).upn(subject).groups(role)
                // A few seconds back, so a verifier whose clock is slightly behind still accepts it at once.
                .issuedAt(now - 5).expiresAt(now + ttlSeconds).claim("jti", UUID.randomUUID().toString())
                .jws().keyId(KEY_ID).sign(key);
    }

    public static PrivateKey privateKey(Path pem) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(pem));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the private key " + pem, e);
        }
    }

    /** {@code DevTokens ROLE [SUBJECT] [TTL_SECONDS] [KEY_FILE] [ISSUER]}: prints a token, as deploy/local/token.sh does. */
    public static void main(String[] args) {
        if (args.length < 1 || !(args[0].equals("analyst") || args[0].equals("admin"))) {
            System.err.println("usage: DevTokens analyst|admin [subject] [ttl-seconds] [key-file] [issuer]");
            System.exit(2);
        }
        String role = args[0];
        System.out.println(sign(role, args.length > 1 ? args[1] : "dev-" + role, args.length > 2 ? Long.parseLong(args[2]) : 3600,
                args.length > 4 ? args[4] : ISSUER, privateKey(Path.of(args.length > 3 ? args[3] : PRIVATE_KEY))));
    }
}
