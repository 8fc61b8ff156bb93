package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.estimator.deploy.k8s.cnpg.CnpgCluster;
import dev.estimator.deploy.k8s.keda.KafkaScalerMetadata;
import dev.estimator.deploy.k8s.keda.ScaledObject;
import dev.estimator.deploy.k8s.keda.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;

/** The references between rendered objects, and between the objects and the services' configuration, hold. */
class ReferencesTest {

    private static final Map<String, ServiceConfiguration> SERVICES = ServiceConfiguration.all();

    // ---- Secrets, ConfigMaps, ServiceAccounts -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretReferenceNamesASecretAndKeyThatExistOrThatAnOperatorGenerates(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, Set<String>> secrets = availableSecrets(manifests);
        List<String> problems = new ArrayList<>();
        BiConsumer<String, String> check = (name, key) -> {
            Set<String> keys = secrets.get(name);
            if (keys == null) {
                problems.add("no Secret " + name);
            } else if (key != null && !keys.contains(key)) {
                problems.add("Secret " + name + " has no key " + key + " (has " + keys + ")");
            }
        };
        int references = 0;
        for (Deployment deployment : manifests.list(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        check.accept(env.getValueFrom().getSecretKeyRef().getName(), env.getValueFrom().getSecretKeyRef().getKey());
                        references++;
                    }
                }
                Objects.requireNonNullElse(container.getEnvFrom(), List.<io.fabric8.kubernetes.api.model.EnvFromSource>of())
                        .stream().filter(f -> f.getSecretRef() != null)
                        .forEach(f -> check.accept(f.getSecretRef().getName(), null));
            }
            Objects.requireNonNullElse(pod.getVolumes(), List.<io.fabric8.kubernetes.api.model.Volume>of()).stream()
                    .filter(v -> v.getSecret() != null)
                    .forEach(v -> check.accept(v.getSecret().getSecretName(), null));
        }
        // The README's subscriber pod must work against this overlay too.
        for (io.fabric8.kubernetes.api.model.Pod example : Manifests.file(Paths.k8s().resolve("examples/estimates-subscriber.yaml")).list(io.fabric8.kubernetes.api.model.Pod.class)) {
            for (Container container : example.getSpec().getContainers()) {
                for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        check.accept(env.getValueFrom().getSecretKeyRef().getName(), env.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
            }
            example.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> {
                check.accept(v.getSecret().getSecretName(), null);
                Objects.requireNonNullElse(v.getSecret().getItems(), List.<io.fabric8.kubernetes.api.model.KeyToPath>of())
                        .forEach(item -> check.accept(v.getSecret().getSecretName(), item.getKey()));
            });
        }
        for (TriggerAuthentication auth : manifests.list(TriggerAuthentication.class)) {
            for (TriggerAuthentication.SecretTargetRef ref : auth.spec().secretTargetRef()) {
                check.accept(ref.name(), ref.key());
                references++;
            }
        }
        assertTrue(problems.isEmpty(), overlay + ": " + problems);
        // 3 per service (DB user, DB password, SASL JAAS config) at least: the check did look at them.
        assertTrue(references >= 12, "only " + references + " secret references found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configMapsAndServiceAccountsReferencedByDeploymentsExist(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (Deployment deployment : manifests.list(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertTrue(manifests.find(ServiceAccount.class, pod.getServiceAccountName()).isPresent(),
                    deployment.getMetadata().getName() + " uses missing ServiceAccount " + pod.getServiceAccountName());
            Workloads.container(deployment).getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null).forEach(f ->
                    assertTrue(manifests.find(ConfigMap.class, f.getConfigMapRef().getName()).isPresent(),
                            deployment.getMetadata().getName() + " uses missing ConfigMap " + f.getConfigMapRef().getName()));
        }
    }

    // ---- Kafka: topics, users, client settings --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicInTheApplicationConfigurationHasAKafkaTopicAndNoKafkaTopicIsUnused(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<String> declared = topics(manifests).keySet();
        Set<String> configured = SERVICES.values().stream().flatMap(s -> s.topics().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(configured);
        missing.removeAll(declared);
        assertTrue(missing.isEmpty(), "topics used by the services without a KafkaTopic: " + missing);
        Set<String> unused = new TreeSet<>(declared);
        unused.removeAll(configured);
        assertTrue(unused.isEmpty(), "KafkaTopics no service uses: " + unused);
        // docs/events.md: 5 topics, each consumed, so 5 dead-letter topics.
        assertEquals(10, declared.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void strimziResourcesBelongToTheKafkaClusterAndTopicsFitIt(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<String> clusters = manifests.all(Kafka.class).map(k -> k.getMetadata().getName()).collect(Collectors.toSet());
        int nodes = manifests.all(KafkaNodePool.class).mapToInt(p -> p.getSpec().getReplicas()).sum();
        manifests.all(KafkaNodePool.class).forEach(p -> assertTrue(clusters.contains(p.getMetadata().getLabels().get("strimzi.io/cluster"))));
        manifests.all(KafkaUser.class).forEach(u -> assertTrue(clusters.contains(u.getMetadata().getLabels().get("strimzi.io/cluster")),
                "KafkaUser " + u.getMetadata().getName() + " has no strimzi.io/cluster label of an existing Kafka"));
        for (KafkaTopic topic : manifests.list(KafkaTopic.class)) {
            String name = topic.getMetadata().getName();
            assertTrue(clusters.contains(topic.getMetadata().getLabels().get("strimzi.io/cluster")), name);
            int replicas = topic.getSpec().getReplicas();
            assertTrue(replicas <= nodes, name + ": " + replicas + " replicas on " + nodes + " nodes");
            int minIsr = Integer.parseInt(String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas")));
            assertTrue(minIsr <= replicas && (replicas == 1 || minIsr < replicas),
                    name + ": min.insync.replicas " + minIsr + " must leave room for one replica down");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasItsOwnScramUserWhoseAclsCoverExactlyItsTopicsAndGroups(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<String> usersOfServices = new HashSet<>();
        for (ServiceConfiguration service : SERVICES.values()) {
            Deployment deployment = manifests.get(Deployment.class, service.service());
            String jaas = Workloads.secretKey(deployment, "KAFKA_SASL_JAAS_CONFIG");
            String userName = jaas.substring(0, jaas.indexOf('/'));
            assertEquals("sasl.jaas.config", jaas.substring(jaas.indexOf('/') + 1));
            assertTrue(usersOfServices.add(userName), "two services share the KafkaUser " + userName);
            KafkaUser user = manifests.get(KafkaUser.class, userName);
            assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication,
                    userName + " must authenticate with SCRAM-SHA-512");

            // What the service's configuration needs: resource -> allowed operations.
            Map<String, Set<String>> needed = new LinkedHashMap<>();
            for (ServiceConfiguration.Incoming in : service.incoming()) {
                needed.put("topic:" + in.topic() + ":literal", Set.of("READ", "DESCRIBE"));
                needed.put("group:" + in.groupId() + (in.groupIsPrefix() ? ":prefix" : ":literal"), Set.of("READ", "DESCRIBE"));
                if (in.deadLetterTopic() != null) {
                    needed.put("topic:" + in.deadLetterTopic() + ":literal", Set.of("WRITE", "DESCRIBE"));
                }
            }
            service.outgoingTopics().forEach(t -> needed.merge("topic:" + t + ":literal", Set.of("WRITE", "DESCRIBE"), ReferencesTest::union));
            if (service.transactionalIdPrefix() != null) {
                needed.put("transactionalId:" + service.transactionalIdPrefix() + ":prefix", Set.of("WRITE", "DESCRIBE"));
            }

            Map<String, Set<String>> granted = acls(user);
            for (Map.Entry<String, Set<String>> grant : granted.entrySet()) {
                assertFalse(grant.getKey().contains(":*:"), userName + " has a wildcard ACL " + grant.getKey());
                Set<String> allowed = needed.get(grant.getKey());
                assertNotNull(allowed, userName + " has an ACL on " + grant.getKey() + " that " + service.service() + " does not use");
                assertTrue(allowed.containsAll(grant.getValue()), userName + " on " + grant.getKey() + " grants " + grant.getValue()
                        + " beyond " + allowed);
            }
            for (Map.Entry<String, Set<String>> need : needed.entrySet()) {
                Set<String> has = granted.getOrDefault(need.getKey(), Set.of());
                String essential = need.getValue().contains("WRITE") ? "WRITE" : "READ";
                assertTrue(has.contains(essential), userName + " lacks " + essential + " on " + need.getKey()
                        + " that " + service.service() + " uses");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesReachKafkaThroughAListenerWithTheMatchingSecurity(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Kafka kafka = manifests.list(Kafka.class).get(0);
        for (String name : SERVICES.keySet()) {
            Deployment deployment = manifests.get(Deployment.class, name);
            Map<String, String> env = Workloads.literalEnvironment(manifests, deployment);
            URI bootstrap = URI.create("kafka://" + env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap", bootstrap.getHost(), name);
            GenericKafkaListener listener = listener(kafka, bootstrap.getPort());
            String protocol = env.get("KAFKA_SECURITY_PROTOCOL");
            assertEquals(listener.isTls() ? "SASL_SSL" : "SASL_PLAINTEXT", protocol, name + " on listener " + listener.getName());
            assertEquals("scram-sha-512", listener.getAuth().getType(), "listener " + listener.getName());
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM"), name);
            if (listener.isTls()) {
                assertEquals("PEM", env.get("KAFKA_SSL_TRUSTSTORE_TYPE"), name);
                assertEquals(kafka.getMetadata().getName() + "-cluster-ca-cert/ca.crt",
                        Workloads.secretKey(deployment, "KAFKA_SSL_TRUSTSTORE_CERTIFICATES"), name);
            }
        }
    }

    // ---- PostgreSQL ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceUsesItsOwnCloudNativePgClusterThroughTheGeneratedAppSecret(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<String> clustersInUse = new HashSet<>();
        for (String name : SERVICES.keySet()) {
            Deployment deployment = manifests.get(Deployment.class, name);
            URI url = URI.create(Workloads.literalEnvironment(manifests, deployment).get("DB_URL"));
            assertEquals("postgresql", url.getScheme(), name + ": reactive URL form postgresql://host:port/db");
            assertTrue(url.getHost().endsWith("-rw"), name + " must write to the primary (<cluster>-rw): " + url);
            String clusterName = url.getHost().substring(0, url.getHost().length() - 3);
            CnpgCluster cluster = manifests.get(CnpgCluster.class, clusterName);
            assertTrue(clustersInUse.add(clusterName), "database cluster " + clusterName + " is shared");
            assertEquals(5432, url.getPort());
            assertEquals(cluster.spec().bootstrap().initdb().database(), url.getPath().substring(1), name);
            assertEquals(clusterName + "-app/username", Workloads.secretKey(deployment, "DB_USER"), name);
            assertEquals(clusterName + "-app/password", Workloads.secretKey(deployment, "DB_PASSWORD"), name);
        }
        assertEquals(manifests.list(CnpgCluster.class).size(), clustersInUse.size(), "a database cluster nobody uses");
    }

    // ---- Deployments, Services, Ingress, gateway backends --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void deploymentsServeTheConfiguredPortWithProbesLimitsAndALockedDownSecurityContext(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (ServiceConfiguration service : SERVICES.values()) {
            Deployment deployment = manifests.get(Deployment.class, service.service());
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = Workloads.container(deployment);
            ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
            assertEquals(service.httpPort(), http.getContainerPort(), service.service() + ": quarkus.http.port");
            assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath());
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
            for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertEquals("http", probe.getHttpGet().getPort().getStrVal());
            }
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(container.getResources().getRequests().get(resource), service.service() + " requests " + resource);
                assertNotNull(container.getResources().getLimits().get(resource), service.service() + " limits " + resource);
            }
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
            assertEquals(Boolean.TRUE, container.getSecurityContext().getRunAsNonRoot());
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
            assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            deployment.getSpec().getSelector().getMatchLabels().forEach((k, v) -> assertEquals(v, podLabels.get(k)));
            // A pod is reached on its own address (probes, Services): it listens on every interface, as the packaged
            // prod profile does; only the local stack narrows services to 127.0.0.1.
            assertTrue(Workloads.env(deployment, "QUARKUS_HTTP_HOST").isEmpty()
                    && !Workloads.literalEnvironment(manifests, deployment).containsKey("QUARKUS_HTTP_HOST"), service.service());
            assertEquals("0.0.0.0", service.properties().getProperty("%prod.quarkus.http.host", "0.0.0.0"), service.service());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesSelectTheirPodsAndTheIngressAndGatewayUrlsReachExistingServices(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, Deployment> byPodLabels = new HashMap<>();
        for (Service service : manifests.list(Service.class)) {
            List<Deployment> selected = manifests.all(Deployment.class)
                    .filter(d -> Labels.matches(service.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertEquals(1, selected.size(), "Service " + service.getMetadata().getName() + " selects " + selected.size() + " Deployments");
            for (ServicePort port : service.getSpec().getPorts()) {
                String target = port.getTargetPort().getStrVal();
                assertTrue(Workloads.container(selected.get(0)).getPorts().stream().anyMatch(p -> p.getName().equals(target)),
                        "Service " + service.getMetadata().getName() + " targets unknown port " + target);
            }
            byPodLabels.put(service.getMetadata().getName(), selected.get(0));
        }
        Ingress ingress = manifests.get(Ingress.class, "gateway");
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            Service backend = manifests.get(Service.class, path.getBackend().getService().getName());
            String portName = path.getBackend().getService().getPort().getName();
            assertTrue(backend.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(portName)), "Ingress port " + portName);
        }));
        Map<String, String> gatewayEnv = Workloads.literalEnvironment(manifests, manifests.get(Deployment.class, "gateway"));
        for (String variable : List.of("CATALOG_URL", "COMPUTE_URL", "COST_URL")) {
            URI url = URI.create(Objects.requireNonNull(gatewayEnv.get(variable), variable));
            Service backend = manifests.get(Service.class, url.getHost());
            assertTrue(backend.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == url.getPort()), variable + " port " + url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinnedAndNoneUsesLatest(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<String> images = new ArrayList<>();
        manifests.all(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage())));
        manifests.all(CnpgCluster.class).forEach(c -> images.add(c.spec().imageName()));
        assertEquals(8, images.size(), images.toString());
        for (String image : images) {
            assertNotNull(image);
            String lastSegment = image.substring(image.lastIndexOf('/') + 1);
            boolean digest = image.contains("@sha256:");
            assertTrue(digest || lastSegment.contains(":"), image + " has no tag");
            String tag = digest ? "" : lastSegment.substring(lastSegment.indexOf(':') + 1);
            assertFalse(tag.equals("latest"), image + " uses latest");
        }
        // The overlays name a registry: the bare names of the base never reach a cluster.
        manifests.all(Deployment.class).forEach(d -> assertFalse(Workloads.container(d).getImage().startsWith("estimator/"),
                d.getMetadata().getName() + " image not renamed by the overlay"));
    }

    // ---- Autoscaling ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void scaledObjectsScaleEachConsumerOnItsOwnGroupAndTopicWithinThePartitions(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, KafkaTopic> topics = topics(manifests);
        Kafka kafka = manifests.list(Kafka.class).get(0);
        List<ScaledObject> scaledObjects = manifests.list(ScaledObject.class);
        Set<String> scaled = new HashSet<>();
        for (ScaledObject scaledObject : scaledObjects) {
            String target = scaledObject.spec().scaleTargetRef().name();
            Deployment deployment = manifests.get(Deployment.class, target);
            ServiceConfiguration service = SERVICES.get(deployment.getMetadata().getName());
            assertNotNull(service, "ScaledObject " + scaledObject.metadata().getName() + " targets " + target + ", not a service");
            assertTrue(scaled.add(target), target + " has two ScaledObjects");
            for (ScaledObject.Trigger trigger : scaledObject.spec().triggers()) {
                assertEquals("kafka", trigger.type());
                KafkaScalerMetadata metadata = TypedModels.STRICT.convertValue(trigger.metadata(), KafkaScalerMetadata.class);
                ServiceConfiguration.Incoming incoming = service.incoming().stream()
                        .filter(i -> i.topic().equals(metadata.topic())).findFirst()
                        .orElseThrow(() -> new AssertionError(target + " does not consume " + metadata.topic()));
                assertFalse(incoming.groupIsPrefix());
                assertEquals(incoming.groupId(), metadata.consumerGroup(), target + ": ScaledObject group vs group.id");
                int partitions = topics.get(metadata.topic()).getSpec().getPartitions();
                assertTrue(scaledObject.spec().maxReplicaCount() <= partitions,
                        target + ": maxReplicaCount " + scaledObject.spec().maxReplicaCount() + " > " + partitions + " partitions");
                URI bootstrap = URI.create("kafka://" + metadata.bootstrapServers());
                GenericKafkaListener listener = listener(kafka, bootstrap.getPort());
                assertEquals(listener.isTls(), metadata.tls() == KafkaScalerMetadata.Tls.ENABLE, "tls vs listener " + listener.getName());
                assertEquals(KafkaScalerMetadata.Sasl.SCRAM_SHA512, metadata.sasl());
                TriggerAuthentication auth = manifests.get(TriggerAuthentication.class, trigger.authenticationRef().name());
                Set<String> parameters = auth.spec().secretTargetRef().stream().map(TriggerAuthentication.SecretTargetRef::parameter)
                        .collect(Collectors.toSet());
                assertTrue(parameters.containsAll(Set.of("username", "password")), parameters.toString());
                assertEquals(listener.isTls(), parameters.contains("ca"), "CA for TLS");
                // KEDA's own user may describe that topic and group.
                String kedaUser = auth.spec().secretTargetRef().stream().filter(r -> r.parameter().equals("password"))
                        .findFirst().orElseThrow().name();
                Map<String, Set<String>> acls = acls(manifests.get(KafkaUser.class, kedaUser));
                assertTrue(acls.getOrDefault("topic:" + metadata.topic() + ":literal", Set.of()).contains("DESCRIBE"));
                assertTrue(acls.getOrDefault("group:" + metadata.consumerGroup() + ":literal", Set.of()).contains("DESCRIBE"));
            }
        }
        if (!scaledObjects.isEmpty()) {
            // With KEDA on, every service with a fixed consumer group except the request-driven gateway scales on lag.
            Set<String> consumers = SERVICES.values().stream()
                    .filter(s -> !s.service().equals("gateway") && s.incoming().stream().anyMatch(i -> !i.groupIsPrefix()))
                    .map(ServiceConfiguration::service).collect(Collectors.toSet());
            assertEquals(consumers, scaled);
        }
        for (HorizontalPodAutoscaler hpa : manifests.list(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            manifests.get(Deployment.class, target);
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
            for (ServiceConfiguration.Incoming in : SERVICES.get(target).incoming()) {
                if (!in.groupIsPrefix()) {
                    assertTrue(hpa.getSpec().getMaxReplicas() <= topics.get(in.topic()).getSpec().getPartitions(),
                            target + " maxReplicas beyond the partitions of " + in.topic());
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static Map<String, KafkaTopic> topics(Manifests manifests) {
        Map<String, KafkaTopic> topics = new LinkedHashMap<>();
        manifests.all(KafkaTopic.class).forEach(t -> topics.put(
                t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName(), t));
        return topics;
    }

    private static Map<String, Set<String>> availableSecrets(Manifests manifests) {
        Map<String, Set<String>> secrets = new HashMap<>(OperatorGenerated.secrets(manifests));
        for (Secret secret : manifests.list(Secret.class)) {
            Set<String> keys = new HashSet<>();
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            secrets.put(secret.getMetadata().getName(), keys);
        }
        return secrets;
    }

    private static GenericKafkaListener listener(Kafka kafka, int port) {
        return kafka.getSpec().getKafka().getListeners().stream().filter(l -> l.getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no Kafka listener on port " + port));
    }

    /** "type:name:literal|prefix" -> operations, upper case. */
    static Map<String, Set<String>> acls(KafkaUser user) {
        Map<String, Set<String>> acls = new LinkedHashMap<>();
        if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
            fail(user.getMetadata().getName() + " must use simple authorization");
            return acls;
        }
        for (AclRule rule : simple.getAcls()) {
            String name;
            AclResourcePatternType pattern;
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                name = topic.getName();
                pattern = topic.getPatternType();
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                name = group.getName();
                pattern = group.getPatternType();
            } else if (rule.getResource() instanceof AclRuleTransactionalIdResource transactionalId) {
                name = transactionalId.getName();
                pattern = transactionalId.getPatternType();
            } else {
                throw new AssertionError(user.getMetadata().getName() + ": unexpected ACL resource " + rule.getResource().getType());
            }
            String key = rule.getResource().getType() + ":" + name + ":"
                    + (pattern == AclResourcePatternType.PREFIX ? "prefix" : "literal");
            Set<String> operations = rule.getOperations().stream().map(o -> o.name().toUpperCase()).collect(Collectors.toSet());
            acls.merge(key, operations, ReferencesTest::union);
        }
        return acls;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
