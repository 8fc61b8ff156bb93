package dev.estimator.gateway.rest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A text that must be one of the JSON names of an enum's constants. The request keeps such fields as text rather than
 * as the enum, so that a wrong value is reported with every other mistake of the request instead of stopping the JSON
 * binding at the first one; the field's {@code @Schema(implementation = TheEnum.class)} shows the same values in the
 * OpenAPI document.
 */
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
@Constraint(validatedBy = OneOf.Validator.class)
public @interface OneOf {

    Class<? extends Enum<?>> value();

    String message() default "must be one of the allowed values";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<OneOf, String> {

        private List<String> names;

        @Override
        public void initialize(OneOf annotation) {
            names = names(annotation.value());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || names.contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be one of " + names.stream().sorted().toList()
                    .toString().replace("{", "\\{")).addConstraintViolation();
            return false;
        }

        /** The constants' {@code @JsonProperty} names (else their Java names), as Jackson writes them. */
        static List<String> names(Class<? extends Enum<?>> type) {
            return Arrays.stream(type.getEnumConstants()).map(constant -> {
                try {
                    JsonProperty name = type.getField(constant.name()).getAnnotation(JsonProperty.class);
                    return name == null ? constant.name() : name.value();
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
