package dev.estimator.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;

/**
 * Evaluates the NetworkPolicies the way Kubernetes does (a connection needs an egress allowance at the source
 * and an ingress allowance at the destination, where policies of that direction select the pod) over every
 * pod the system runs, and compares the allowed connections with exactly the edges the system needs.
 */
class NetworkPolicyTest {

    private static final String NAMESPACE = "estimator";

    /** A pod, in our namespace or (namespace != NAMESPACE) an external one; ports "9092/TCP" -> port name. */
    record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, String> ports) {
        boolean internal() {
            return NAMESPACE.equals(namespace);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theAllowedConnectionsAreExactlyTheNeededEdges(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<NetworkPolicy> policies = manifests.list(NetworkPolicy.class);
        List<Endpoint> endpoints = endpoints(manifests);

        Set<String> allowed = new TreeSet<>();
        for (Endpoint source : endpoints) {
            for (Endpoint destination : endpoints) {
                if (!source.internal() && !destination.internal()) {
                    continue;
                }
                for (String port : destination.ports().keySet()) {
                    if (allows(policies, source, destination, port)) {
                        allowed.add(source.name() + " -> " + destination.name() + ":" + port);
                    }
                }
            }
        }
        Set<String> expected = expectedEdges(manifests);
        Set<String> unexpected = new TreeSet<>(allowed);
        unexpected.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(allowed);
        assertTrue(unexpected.isEmpty() && missing.isEmpty(),
                overlay + ":\n allowed but not needed: " + unexpected + "\n needed but not allowed: " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySelectorOfEveryPolicyMatchesPodsThatExist(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<Endpoint> pods = endpoints(manifests).stream().filter(Endpoint::internal).toList();
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy policy : manifests.list(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            LabelSelector selector = policy.getSpec().getPodSelector();
            if (pods.stream().noneMatch(p -> Labels.matches(selector, p.labels()))) {
                problems.add(name + ": podSelector matches no pod");
            }
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of())
                    .forEach(r -> peers.addAll(Objects.requireNonNullElse(r.getFrom(), List.of())));
            Objects.requireNonNullElse(policy.getSpec().getEgress(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of())
                    .forEach(r -> peers.addAll(Objects.requireNonNullElse(r.getTo(), List.of())));
            for (NetworkPolicyPeer peer : peers) {
                if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                        && pods.stream().noneMatch(p -> Labels.matches(peer.getPodSelector(), p.labels()))) {
                    problems.add(name + ": peer " + peer.getPodSelector().getMatchLabels() + " matches no pod");
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.toString());
        assertFalse(manifests.list(NetworkPolicy.class).isEmpty());
    }

    // ---- the edges the system needs -----------------------------------------------------------------------

    private static Set<String> expectedEdges(Manifests manifests) {
        Set<String> edges = new TreeSet<>();
        Kafka kafka = manifests.list(Kafka.class).get(0);
        List<String> clientPorts = kafka.getSpec().getKafka().getListeners().stream().map(l -> l.getPort() + "/TCP").toList();
        List<String> kafkaPods = OperatorGenerated.pods(manifests).stream()
                .filter(p -> (kafka.getMetadata().getName() + "-kafka").equals(p.labels().get("strimzi.io/name")))
                .map(OperatorGenerated.Pod::name).toList();
        List<String> clients = new ArrayList<>(ServiceConfiguration.SERVICES);
        clients.add("estimates-subscriber");
        for (String kafkaPod : kafkaPods) {
            clients.forEach(c -> clientPorts.forEach(p -> edges.add(c + " -> " + kafkaPod + ":" + p)));
            clientPorts.forEach(p -> edges.add("keda-operator -> " + kafkaPod + ":" + p));
            for (String peer : kafkaPods) {
                edges.add(peer + " -> " + kafkaPod + ":9090/TCP");
                edges.add(peer + " -> " + kafkaPod + ":9091/TCP");
            }
            edges.add(kafka.getMetadata().getName() + "-entity-operator -> " + kafkaPod + ":9091/TCP");
            edges.add("strimzi-cluster-operator -> " + kafkaPod + ":9091/TCP");
            edges.add("strimzi-cluster-operator -> " + kafkaPod + ":8443/TCP");
        }
        edges.add(kafka.getMetadata().getName() + "-entity-operator -> outside-cluster:443/TCP");
        edges.add(kafka.getMetadata().getName() + "-entity-operator -> outside-cluster:6443/TCP");
        edges.add("ingress-controller -> gateway:8080/TCP");
        for (String service : ServiceConfiguration.SERVICES) {
            String jwks = Workloads.literalEnvironment(manifests, manifests.get(Deployment.class, service)).get("JWT_PUBLIC_KEY_LOCATION");
            if (jwks != null && jwks.startsWith("https://")) {
                // A service that verifies tokens (the gateway; catalog and cost on edits) fetches the identity provider's keys.
                int port = URI.create(jwks).getPort();
                edges.add(service + " -> outside-cluster:" + (port == -1 ? 443 : port) + "/TCP");
            }
            if (!service.equals("gateway")) {
                edges.add("gateway -> " + service + ":" + ServiceConfiguration.of(service).httpPort() + "/TCP");
            }
            String db = URI.create(Workloads.literalEnvironment(manifests, manifests.get(Deployment.class, service)).get("DB_URL")).getHost();
            String cluster = db.substring(0, db.length() - "-rw".length());
            edges.add(service + " -> " + cluster + ":5432/TCP");
            edges.add(cluster + " -> " + cluster + ":5432/TCP");
            edges.add(cluster + " -> " + cluster + ":8000/TCP");
            edges.add("cnpg-operator -> " + cluster + ":8000/TCP");
            edges.add(cluster + " -> outside-cluster:443/TCP");
            edges.add(cluster + " -> outside-cluster:6443/TCP");
        }
        for (Endpoint endpoint : endpoints(manifests)) {
            if (endpoint.internal()) {
                edges.add(endpoint.name() + " -> kube-dns:53/UDP");
                edges.add(endpoint.name() + " -> kube-dns:53/TCP");
            }
        }
        return edges;
    }

    // ---- the pods ------------------------------------------------------------------------------------------

    private static List<Endpoint> endpoints(Manifests manifests) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Deployment deployment : manifests.list(Deployment.class)) {
            Map<String, String> ports = new LinkedHashMap<>();
            deployment.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getPorts().forEach(p ->
                    ports.put(p.getContainerPort() + "/" + Objects.requireNonNullElse(p.getProtocol(), "TCP"), p.getName())));
            endpoints.add(new Endpoint(deployment.getMetadata().getName(), NAMESPACE,
                    deployment.getSpec().getTemplate().getMetadata().getLabels(), ports));
        }
        for (OperatorGenerated.Pod pod : OperatorGenerated.pods(manifests)) {
            Map<String, String> ports = new LinkedHashMap<>();
            pod.ports().forEach((port, name) -> ports.put(port + "/TCP", name));
            endpoints.add(new Endpoint(pod.name(), NAMESPACE, pod.labels(), ports));
        }
        Manifests examples = Manifests.file(Paths.k8s().resolve("examples/estimates-subscriber.yaml"));
        for (Pod pod : examples.list(Pod.class)) {
            endpoints.add(new Endpoint(pod.getMetadata().getName(), NAMESPACE, pod.getMetadata().getLabels(), Map.of()));
        }
        // Outside the namespace: operators and cluster services at their install manifests' defaults.
        endpoints.add(new Endpoint("ingress-controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of()));
        endpoints.add(new Endpoint("strimzi-cluster-operator", "strimzi", Map.of("name", "strimzi-cluster-operator"), Map.of()));
        endpoints.add(new Endpoint("cnpg-operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of()));
        endpoints.add(new Endpoint("keda-operator", "keda", Map.of("app", "keda-operator"), Map.of()));
        endpoints.add(new Endpoint("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("53/UDP", "dns", "53/TCP", "dns-tcp")));
        // Addresses outside the pod network: the API server, an identity provider. Only ipBlocks reach them.
        endpoints.add(new Endpoint("outside-cluster", null, Map.of(), Map.of("443/TCP", "https", "6443/TCP", "https-alt")));
        return endpoints;
    }

    // ---- NetworkPolicy semantics ---------------------------------------------------------------------------

    private static boolean allows(List<NetworkPolicy> policies, Endpoint source, Endpoint destination, String port) {
        boolean egress = !source.internal() || direction(policies, source, "Egress", false, destination, port);
        boolean ingress = !destination.internal() || direction(policies, destination, "Ingress", true, source, port);
        return egress && ingress;
    }

    /** Allowed in one direction: no policy of that type selects the pod, or one of their rules admits the peer and port. */
    private static boolean direction(List<NetworkPolicy> policies, Endpoint pod, String type, boolean ingress,
                                     Endpoint peer, String port) {
        boolean selected = false;
        for (NetworkPolicy policy : policies) {
            List<String> types = policy.getSpec().getPolicyTypes();
            boolean ofType = types != null && !types.isEmpty() ? types.contains(type)
                    : type.equals("Ingress") || policy.getSpec().getEgress() != null;
            if (!ofType || !Labels.matches(policy.getSpec().getPodSelector(), pod.labels())) {
                continue;
            }
            selected = true;
            if (ingress) {
                for (var rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
                        List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of())) {
                    if (peersAdmit(rule.getFrom(), peer) && portsAdmit(rule.getPorts(), port, pod)) {
                        return true;
                    }
                }
            } else {
                for (var rule : Objects.requireNonNullElse(policy.getSpec().getEgress(),
                        List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of())) {
                    if (peersAdmit(rule.getTo(), peer) && portsAdmit(rule.getPorts(), port, peer)) {
                        return true;
                    }
                }
            }
        }
        return !selected;
    }

    private static boolean peersAdmit(List<NetworkPolicyPeer> peers, Endpoint peer) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer p : peers) {
            if (p.getIpBlock() != null) {
                // Only the catch-all block is modelled: it admits every address (pods included).
                if ("0.0.0.0/0".equals(p.getIpBlock().getCidr())
                        && (p.getIpBlock().getExcept() == null || p.getIpBlock().getExcept().isEmpty())) {
                    return true;
                }
                continue;
            }
            if (peer.namespace() == null) {
                continue;
            }
            boolean namespaceOk = p.getNamespaceSelector() == null
                    ? peer.internal()
                    : Labels.matches(p.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", peer.namespace()));
            boolean podOk = p.getPodSelector() == null || Labels.matches(p.getPodSelector(), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** {@code owner} is the pod whose named ports a named policy port refers to (the destination). */
    private static boolean portsAdmit(List<NetworkPolicyPort> ports, String port, Endpoint owner) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        int number = Integer.parseInt(port.substring(0, port.indexOf('/')));
        String protocol = port.substring(port.indexOf('/') + 1);
        for (NetworkPolicyPort p : ports) {
            if (!Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            if (value.getIntVal() != null) {
                int end = p.getEndPort() != null ? p.getEndPort() : value.getIntVal();
                if (number >= value.getIntVal() && number <= end) {
                    return true;
                }
            } else if (value.getStrVal().equals(owner.ports().get(port))) {
                return true;
            }
        }
        return false;
    }

    @org.junit.jupiter.api.Test
    void theEvaluatorDeniesWhatNoPolicyAllows() {
        // Guards the evaluator itself: with only default-deny, nothing internal may talk.
        NetworkPolicy deny = Manifests.overlay("dev").get(NetworkPolicy.class, "default-deny");
        Endpoint a = new Endpoint("a", NAMESPACE, Map.of("x", "1"), Map.of("80/TCP", "http"));
        Endpoint b = new Endpoint("b", NAMESPACE, Map.of("x", "2"), Map.of("80/TCP", "http"));
        assertFalse(allows(List.of(deny), a, b, "80/TCP"));
        assertTrue(allows(List.of(), a, b, "80/TCP"));
        assertEquals(2, List.of(a, b).size());
    }
}
