package dev.estimator.deploy.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.deploy.k8s.cnpg.CnpgCluster;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * What the operators create from the custom resources, as their documentation states it, so references to
 * generated Secrets and selectors of operator-managed pods can be checked before anything runs.
 *
 * <ul>
 *   <li>Strimzi: Secret {@code <kafka>-cluster-ca-cert} (ca.crt, ca.p12, ca.password); per SCRAM KafkaUser a
 *       Secret named like the user (password, sasl.jaas.config); node pods labelled strimzi.io/cluster,
 *       strimzi.io/kind=Kafka, strimzi.io/name={@code <kafka>-kafka}, strimzi.io/pool-name and the role labels;
 *       the entity operator pod labelled strimzi.io/name={@code <kafka>-entity-operator}.</li>
 *   <li>CloudNativePG: Secret {@code <cluster>-app} (username, password, dbname, host, port, uri, jdbc-uri,
 *       pgpass, user); instance pods labelled cnpg.io/cluster and cnpg.io/podRole=instance.</li>
 * </ul>
 */
final class OperatorGenerated {

    record Pod(String name, Map<String, String> labels, Map<Integer, String> ports) {
    }

    private OperatorGenerated() {
    }

    /** Generated secret name -> its keys. */
    static Map<String, Set<String>> secrets(Manifests manifests) {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        manifests.all(Kafka.class).forEach(k ->
                secrets.put(k.getMetadata().getName() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password")));
        manifests.all(KafkaUser.class).forEach(u ->
                secrets.put(u.getMetadata().getName(), Set.of("password", "sasl.jaas.config")));
        manifests.all(CnpgCluster.class).forEach(c ->
                secrets.put(c.metadata().getName() + "-app",
                        Set.of("username", "password", "dbname", "host", "port", "uri", "jdbc-uri", "pgpass", "user")));
        return secrets;
    }

    /** Pods the operators run in the namespace (one representative per node pool / cluster). */
    static List<Pod> pods(Manifests manifests) {
        List<Pod> pods = new ArrayList<>();
        for (KafkaNodePool pool : manifests.list(KafkaNodePool.class)) {
            String cluster = pool.getMetadata().getLabels().get("strimzi.io/cluster");
            Kafka kafka = manifests.get(Kafka.class, cluster);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("strimzi.io/cluster", cluster);
            labels.put("strimzi.io/kind", "Kafka");
            labels.put("strimzi.io/name", cluster + "-kafka");
            labels.put("strimzi.io/pool-name", pool.getMetadata().getName());
            if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
                labels.put("strimzi.io/broker-role", "true");
            }
            if (pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)) {
                labels.put("strimzi.io/controller-role", "true");
            }
            Map<Integer, String> ports = new LinkedHashMap<>();
            ports.put(9090, "tcp-ctrlplane");
            ports.put(9091, "tcp-replication");
            ports.put(8443, "tcp-kafkaagent");
            kafka.getSpec().getKafka().getListeners().forEach(l -> ports.put(l.getPort(), "tcp-" + l.getName()));
            pods.add(new Pod(cluster + "-" + pool.getMetadata().getName(), labels, ports));
        }
        for (Kafka kafka : manifests.list(Kafka.class)) {
            if (kafka.getSpec().getEntityOperator() != null) {
                String cluster = kafka.getMetadata().getName();
                pods.add(new Pod(cluster + "-entity-operator",
                        Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                                "strimzi.io/name", cluster + "-entity-operator"),
                        Map.of()));
            }
        }
        for (CnpgCluster cluster : manifests.list(CnpgCluster.class)) {
            String name = cluster.metadata().getName();
            pods.add(new Pod(name, Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance"),
                    Map.of(5432, "postgresql", 8000, "status", 9187, "metrics")));
        }
        return pods;
    }
}
