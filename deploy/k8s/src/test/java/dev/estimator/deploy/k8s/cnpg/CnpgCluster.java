package dev.estimator.deploy.k8s.cnpg;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * CloudNativePG {@code postgresql.cnpg.io/v1 Cluster}, limited to the fields this project uses.
 *
 * <p>No Java model or CRD schema of CloudNativePG is published on Maven Central, so these records are
 * written from the published API reference (cloudnative-pg.io/documentation, "API Reference", ClusterSpec)
 * and cross-checked against the generated type definitions of the npm package
 * {@code @kubernetes-models/cloudnative-pg@2.0.0}. Parsing uses FAIL_ON_UNKNOWN_PROPERTIES, so a
 * misspelt or unsupported field in a manifest fails the build instead of being ignored by the API server's
 * pruning. Field names and enum values are the CRD's; required fields are checked in the constructors.
 */
public record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public static final String API_VERSION = "postgresql.cnpg.io/v1";

    public CnpgCluster {
        if (!API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + API_VERSION + ", was " + apiVersion);
        }
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    /** The CRD marks {@code instances} as required, minimum 1. */
    public record Spec(String description, Integer instances, String imageName,
                       PrimaryUpdateStrategy primaryUpdateStrategy, PrimaryUpdateMethod primaryUpdateMethod,
                       Boolean enableSuperuserAccess, Boolean enablePDB, Bootstrap bootstrap, Storage storage,
                       Storage walStorage, Postgresql postgresql, ResourceRequirements resources,
                       Affinity affinity, Integer minSyncReplicas, Integer maxSyncReplicas, Monitoring monitoring,
                       LogLevel logLevel) {
        public Spec {
            if (instances == null || instances < 1) {
                throw new IllegalArgumentException("spec.instances is required and must be >= 1");
            }
        }
    }

    public enum PrimaryUpdateStrategy {
        @JsonProperty("unsupervised") UNSUPERVISED,
        @JsonProperty("supervised") SUPERVISED
    }

    public enum PrimaryUpdateMethod {
        @JsonProperty("switchover") SWITCHOVER,
        @JsonProperty("restart") RESTART
    }

    public enum LogLevel {
        @JsonProperty("error") ERROR,
        @JsonProperty("warning") WARNING,
        @JsonProperty("info") INFO,
        @JsonProperty("debug") DEBUG,
        @JsonProperty("trace") TRACE
    }

    public record Bootstrap(InitDb initdb) {
    }

    /** {@code bootstrap.initdb}: creates {@code database} owned by {@code owner}; the app secret is {@code <cluster>-app}. */
    public record InitDb(String database, String owner, String encoding, String locale, String localeCollate,
                         String localeCType, Boolean dataChecksums, List<String> postInitSQL,
                         List<String> postInitApplicationSQL, LocalObjectReference secret) {
    }

    public record LocalObjectReference(String name) {
        public LocalObjectReference {
            Objects.requireNonNull(name, "name");
        }
    }

    public record Storage(String size, String storageClass, Boolean resizeInUseVolumes) {
    }

    public record Postgresql(Map<String, String> parameters, @JsonProperty("pg_hba") List<String> pgHba,
                             @JsonProperty("shared_preload_libraries") List<String> sharedPreloadLibraries) {
    }

    public record Affinity(Boolean enablePodAntiAffinity, String topologyKey, String podAntiAffinityType,
                           Map<String, String> nodeSelector) {
    }

    public record Monitoring(Boolean enablePodMonitor, Boolean disableDefaultQueries) {
    }
}
