package dev.estimator.gateway.rest;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/** The endpoint takes a token of the caller's submission rate limit ({@link RateLimitFilter}) before its body is read. */
@NameBinding
@Target({ TYPE, METHOD })
@Retention(RUNTIME)
public @interface RateLimited {
}
