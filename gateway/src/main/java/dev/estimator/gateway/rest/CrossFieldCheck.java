package dev.estimator.gateway.rest;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A rule between fields of one request part (e.g. "count or deadlineDays, not both"), which a field's own annotation
 * cannot state. The part implements {@link Checked}; each violation names the field at fault, so the problem's
 * {@code errors[].field} is a request path such as {@code hardware.deadlineDays}, like for any other constraint.
 */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = CrossFieldCheck.Validator.class)
public @interface CrossFieldCheck {

    String message() default "is inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A request part with rules between its fields. */
    interface Checked {
        /** Reports each broken rule on {@code violations}, naming the field at fault. */
        void check(Violations violations);
    }

    /** Collects the broken rules of one part. */
    final class Violations {
        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
        }

        public void add(String field, String message) {
            any = true;
            context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field).addConstraintViolation();
        }

        /** For an element of a list field, e.g. {@code components[2]}. */
        public void addElement(String field, int index, String message) {
            any = true;
            context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(field).addBeanNode().inIterable().atIndex(index).addConstraintViolation();
        }
    }

    final class Validator implements ConstraintValidator<CrossFieldCheck, Checked> {
        @Override
        public boolean isValid(Checked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            Violations violations = new Violations(context);
            value.check(violations);
            return !violations.any;
        }
    }
}
