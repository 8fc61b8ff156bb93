package dev.estimator.deploy.k8s.keda;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The trigger metadata keys of KEDA's Apache Kafka scaler ({@code type: kafka}), as listed in its published
 * documentation (keda.sh/docs/scalers/apache-kafka). KEDA ignores unknown keys silently, so a typo such as
 * {@code consumergroup} would scale on nothing; parsing this record with FAIL_ON_UNKNOWN_PROPERTIES catches it.
 */
public record KafkaScalerMetadata(String bootstrapServers, String bootstrapServersFromEnv, String consumerGroup,
                                  String consumerGroupFromEnv, String topic, String topicFromEnv,
                                  String lagThreshold, String activationLagThreshold, OffsetResetPolicy offsetResetPolicy,
                                  String allowIdleConsumers, String scaleToZeroOnInvalidOffset,
                                  String excludePersistentLag, String limitToPartitionsWithLag,
                                  String ensureEvenDistributionOfPartitions, String partitionLimitation,
                                  String version, Sasl sasl, Tls tls, String unsafeSsl) {

    public KafkaScalerMetadata {
        if (bootstrapServers == null && bootstrapServersFromEnv == null) {
            throw new IllegalArgumentException("kafka trigger needs bootstrapServers");
        }
        Objects.requireNonNull(consumerGroup, "kafka trigger: consumerGroup");
        if (lagThreshold != null && Integer.parseInt(lagThreshold) <= 0) {
            throw new IllegalArgumentException("lagThreshold must be > 0");
        }
    }

    public enum OffsetResetPolicy {
        @JsonProperty("earliest") EARLIEST,
        @JsonProperty("latest") LATEST
    }

    public enum Sasl {
        @JsonProperty("none") NONE,
        @JsonProperty("plaintext") PLAINTEXT,
        @JsonProperty("scram_sha256") SCRAM_SHA256,
        @JsonProperty("scram_sha512") SCRAM_SHA512,
        @JsonProperty("oauthbearer") OAUTHBEARER,
        @JsonProperty("gssapi") GSSAPI
    }

    public enum Tls {
        @JsonProperty("enable") ENABLE,
        @JsonProperty("disable") DISABLE
    }
}
