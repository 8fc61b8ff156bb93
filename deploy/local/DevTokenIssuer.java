import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * DEV ONLY. Prints an RS256 JWT that the gateway's default configuration accepts, signed with the
 * development private key in deploy/local/dev-keys. Run with the JDK's single-file launcher:
 * {@code java DevTokenIssuer.java ROLE [SUBJECT] [TTL_SECONDS] [KEY_FILE] [ISSUER]}.
 */
public class DevTokenIssuer {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("analyst") || args[0].equals("admin"))) {
            System.err.println("usage: token.sh analyst|admin [subject] [ttl-seconds]");
            System.exit(2);
        }
        String role = args[0];
        String subject = args.length > 1 ? args[1] : "dev-" + role;
        long ttl = args.length > 2 ? Long.parseLong(args[2]) : 3600;
        Path keyFile = Path.of(args.length > 3 ? args[3] : "dev-keys/dev-jwt-private.pem");
        String issuer = args.length > 4 ? args[4] : "https://estimator.local/dev";

        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"estimator-dev\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":[\"" + role
                + "\"],\"iat\":" + now + ",\"exp\":" + (now + ttl) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64.encodeToString(rsa.sign()));
    }
}
