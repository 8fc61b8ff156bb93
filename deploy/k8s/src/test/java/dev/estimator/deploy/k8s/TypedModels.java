package dev.estimator.deploy.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.estimator.deploy.k8s.cnpg.CnpgCluster;
import dev.estimator.deploy.k8s.keda.ScaledObject;
import dev.estimator.deploy.k8s.keda.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.crdgenerator.annotations.PresentInVersions;

/**
 * The typed model of every kind the manifests may contain, and a strict parse into it.
 *
 * <p>"Strict" means three things. (1) The (apiVersion, kind) pair must be one we have a model for, so an
 * old API version (e.g. kafka.strimzi.io/v1beta2) is refused. (2) No unknown field: fabric8 and Strimzi
 * models keep unknown fields in an {@code additionalProperties} map instead of failing, so after parsing
 * every such map in the object graph must be empty; our CNPG/KEDA records fail on unknown fields outright.
 * (3) Nothing is lost: every field path of the YAML must come back, with the same scalar value, when the
 * typed object is written out again (catches fields a model silently drops).
 */
final class TypedModels {

    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // "replicas: '3'" is a string to the API server and is refused there: refuse it here too.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class));

    private TypedModels() {
    }

    /** Splits a multi-document YAML stream; empty documents are dropped. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Rendered output is not valid YAML", e);
        }
        return documents;
    }

    static Class<?> modelOf(JsonNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<?> model = MODELS.get(key);
        if (model == null) {
            throw new AssertionError("No typed model for " + key + " (" + document.path("metadata").path("name").asText()
                    + "): unsupported kind or API version");
        }
        return model;
    }

    /** Parses one document into the model of its kind; throws AssertionError naming the object and the fault. */
    static Object parseStrict(JsonNode document) {
        Class<?> model = modelOf(document);
        String id = document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
        Object typed;
        try {
            typed = STRICT.treeToValue(document, model);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AssertionError(id + " does not parse into " + model.getName() + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(typed, "", unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError(id + " has fields unknown to " + model.getSimpleName() + ": " + unknown);
        }
        JsonNode written = STRICT.valueToTree(typed);
        List<String> lost = new ArrayList<>();
        collectLostFields(document, written, "", lost);
        if (!lost.isEmpty()) {
            throw new AssertionError(id + " loses fields when read into " + model.getSimpleName() + ": " + lost);
        }
        return typed;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof Character) {
            return;
        }
        if (seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        Class<?> type = value.getClass();
        String pkg = type.getPackageName();
        if (!(pkg.startsWith("io.fabric8.") || pkg.startsWith("io.strimzi.") || pkg.startsWith("dev.estimator."))) {
            return;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                collectUnknownFields(invoke(component.getAccessor(), value), path + "." + component.getName(), unknown, seen);
            }
            return;
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(getter, value);
                if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                    map.keySet().forEach(k -> unknown.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
            } else if (name.startsWith("get") && name.length() > 3) {
                String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                Object propertyValue = invoke(getter, value);
                if (isPresent(propertyValue) && !inStrimziV1(type, getter, property)) {
                    unknown.add(path.substring(Math.min(1, path.length())) + (path.isEmpty() ? "" : ".") + property
                            + " (exists only before kafka.strimzi.io/v1)");
                }
                collectUnknownFields(propertyValue, path + "." + property, unknown, seen);
            }
        }
    }

    private static boolean isPresent(Object value) {
        return value != null && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static final List<String> STRIMZI_VERSIONS = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

    /** Strimzi marks version-specific properties with @PresentInVersions("v1alpha1-v1beta2"), "v1beta2+" or "v1". */
    private static boolean inStrimziV1(Class<?> type, Method getter, String property) {
        PresentInVersions present = getter.getAnnotation(PresentInVersions.class);
        if (present == null) {
            for (Class<?> c = type; c != null && present == null; c = c.getSuperclass()) {
                try {
                    present = c.getDeclaredField(property).getAnnotation(PresentInVersions.class);
                } catch (NoSuchFieldException ignored) {
                    // not declared here: look in the superclass
                }
            }
        }
        if (present == null) {
            return true;
        }
        int v1 = STRIMZI_VERSIONS.indexOf("v1");
        for (String range : present.value().split(",")) {
            String r = range.trim();
            if (r.endsWith("+")) {
                if (STRIMZI_VERSIONS.indexOf(r.substring(0, r.length() - 1)) <= v1) {
                    return true;
                }
            } else if (r.contains("-")) {
                int from = STRIMZI_VERSIONS.indexOf(r.substring(0, r.indexOf('-')));
                int to = STRIMZI_VERSIONS.indexOf(r.substring(r.indexOf('-') + 1));
                if (from <= v1 && v1 <= to) {
                    return true;
                }
            } else if (r.equals("v1")) {
                return true;
            }
        }
        return false;
    }

    private static Object invoke(Method method, Object target) {
        try {
            method.setAccessible(true);
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Derived getters that cannot be computed carry no manifest field.
            return null;
        }
    }

    private static void collectLostFields(JsonNode original, JsonNode written, String path, List<String> lost) {
        if (original.isObject()) {
            original.fields().forEachRemaining(field -> {
                if (path.isEmpty() && field.getKey().equals("apiVersion")) {
                    // Checked by the model lookup; Strimzi's classes write their storage version back.
                    return;
                }
                JsonNode counterpart = written == null ? null : written.get(field.getKey());
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (counterpart == null) {
                    if (!(field.getValue().isNull() || isEmptyContainer(field.getValue()) || isDefaultScalar(field.getValue()))) {
                        lost.add(fieldPath);
                    }
                } else {
                    collectLostFields(field.getValue(), counterpart, fieldPath, lost);
                }
            });
        } else if (original.isArray()) {
            if (written == null || !written.isArray() || written.size() != original.size()) {
                lost.add(path + " (array)");
                return;
            }
            for (int i = 0; i < original.size(); i++) {
                collectLostFields(original.get(i), written.get(i), path + "[" + i + "]", lost);
            }
        } else if (!original.isNull() && (written == null || !original.asText().equals(written.asText()))) {
            lost.add(path + " = " + original.asText() + " came back as " + (written == null ? "nothing" : written.asText()));
        }
    }

    /** Some models leave default values (false, 0) out when writing: absent then means the same. */
    private static boolean isDefaultScalar(JsonNode node) {
        return (node.isBoolean() && !node.booleanValue()) || (node.isNumber() && node.doubleValue() == 0.0);
    }

    private static boolean isEmptyContainer(JsonNode node) {
        return (node.isObject() || node.isArray()) && node.isEmpty();
    }
}
