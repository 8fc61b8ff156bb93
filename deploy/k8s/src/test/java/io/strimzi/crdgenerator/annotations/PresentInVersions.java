package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Same name and shape as Strimzi's own annotation, which marks model properties that exist only in some API
 * versions (e.g. {@code value = "v1alpha1-v1beta2"} on KafkaUser's old single {@code operation}). Strimzi
 * compiles it RUNTIME-visible into io.strimzi:api but ships it in crd-generator, which is not published for
 * 0.51.0; reflection only sees an annotation whose class is on the classpath, so this declaration lets the
 * checks read it and refuse fields that kafka.strimzi.io/v1 no longer has.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
public @interface PresentInVersions {
    String value();
}
