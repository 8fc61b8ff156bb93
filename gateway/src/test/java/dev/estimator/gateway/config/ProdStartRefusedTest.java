package dev.estimator.gateway.config;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The whole gateway started in the prod profile with the development key and issuer handed to it (as a deployment that
 * forgot to override them would) does not start, and says why. Its database and broker are there, so nothing else
 * stops it.
 */
@QuarkusMainTest
@TestProfile(ProdStartRefusedTest.ProdWithDevKey.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ProdStartRefusedTest {

    public static class ProdWithDevKey implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("JWT_PUBLIC_KEY_LOCATION", "dev-keys/dev-jwt-public.pem", "JWT_ISSUER", JwtTrust.DEV_ISSUER,
                    "JWT_AUDIENCE", "estimator-api", "quarkus.http.port", "0");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void aProductionStartWithTheDevelopmentKeyIsRefused(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertNotEquals(0, result.exitCode());
        assertTrue(output.contains("Refusing to start") && output.contains("JWT_PUBLIC_KEY_LOCATION names the committed development key")
                && output.contains("JWT_ISSUER is the development issuer"), output);
    }
}
