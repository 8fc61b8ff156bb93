package dev.estimator.gateway.rest;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/** The endpoint opens an SSE stream: it takes one of the replica's stream places first ({@link StreamLimitFilter}). */
@NameBinding
@Target({ TYPE, METHOD })
@Retention(RUNTIME)
public @interface StreamLimited {
}
