package dev.estimator.catalog.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import dev.estimator.chassis.error.InvalidInputException.Violation;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The rules of a request body that single-field constraints cannot state ({@link Checked#inconsistencies()}), such
 * as one field bounded by another. Each violation names the field a client must change, and is reported with the
 * body's other violations, all at once. (Class-level, since a field constraint cannot see the other fields; and
 * list elements are named {@code modalitiesIn[0]}, where a container-element constraint would add a node.)
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Consistent.Validator.class)
public @interface Consistent {

    String message() default "is inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A record whose fields constrain each other. */
    interface Checked {
        /** @return one violation per field at fault, {@code field} relative to this record */
        List<Violation> inconsistencies();
    }

    class Validator implements ConstraintValidator<Consistent, Checked> {

        @Override
        public boolean isValid(Checked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            List<Violation> violations = value.inconsistencies();
            if (violations.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (Violation v : violations) {
                // Messages are literal text, not templates: escape what the interpolator would expand.
                context.buildConstraintViolationWithTemplate(v.message().replaceAll("([{}$\\\\])", "\\\\$1"))
                        .addPropertyNode(v.field()).addConstraintViolation();
            }
            return false;
        }
    }
}
