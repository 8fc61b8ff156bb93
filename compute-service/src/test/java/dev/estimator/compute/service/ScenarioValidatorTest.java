package dev.estimator.compute.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.compute.ResolvedScenarios;
import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.event.ScenarioResolved;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

/**
 * compute checks what its calculation needs (positive divisors, known precisions and modalities, finite numbers)
 * and nothing the gateway already limits: a value beyond the public request's caps but finite is estimated.
 */
class ScenarioValidatorTest {

    static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    final ScenarioValidator validator = new ScenarioValidator(FACTORY.getValidator());

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    static ParsedScenario parse(String json) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        return new ParsedScenario(JSON.treeToValue(tree, ScenarioResolved.class), tree);
    }

    List<FieldViolation> errors(String json) throws Exception {
        return validator.validate(parse(json));
    }

    static List<String> fields(List<FieldViolation> errors) {
        return errors.stream().map(FieldViolation::field).toList();
    }

    @Test
    void publishedScenariosPass() throws Exception {
        assertEquals(List.of(), errors(ResolvedScenarios.gpt3("a", 0.3)));
        assertEquals(List.of(), errors(ResolvedScenarios.llama65b("b", 2048)));
    }

    @Test
    void valuesBeyondTheGatewaysCapsButFiniteAreNotRefusedHere() throws Exception {
        // The gateway caps epochs at 1,000, tokens at 1e17 and parameters at 1e15: those are the public contract's limits.
        String big = ResolvedScenarios.gpt3("a", 0.3).replace("\"epochs\": 1", "\"epochs\": 5000")
                .replace("\"tokens\": 3.0e11", "\"tokens\": 5e17")
                .replace("\"parameters\": 174.6e9, \"activeParameters\": 174.6e9", "\"parameters\": 2e15, \"activeParameters\": 2e15");
        assertEquals(List.of(), errors(big));
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheField() throws Exception {
        // 1e400 is valid JSON but overflows a double: the estimate would be infinite or NaN.
        var errors = errors(ResolvedScenarios.gpt3("a", 0.3).replace("\"tokens\": 3.0e11", "\"tokens\": 1e400")
                .replace("\"peakFlops\": 125e12", "\"peakFlops\": -1e400"));
        assertEquals(List.of("training.tokens", "hardware.peakFlops"), fields(errors));
        assertTrue(errors.get(0).message().contains("finite"), errors.get(0).message());
    }

    @Test
    void whatTheCalculationDividesByMustBePositive() throws Exception {
        String s = ResolvedScenarios.gpt3("a", 0.3);
        assertEquals(List.of("training.utilization"), fields(errors(s.replace("\"utilization\": 0.3", "\"utilization\": 0"))));
        assertEquals(List.of("training.utilization"), fields(errors(s.replace("\"utilization\": 0.3", "\"utilization\": 1.5"))));
        assertEquals(List.of("hardware.memoryGb"), fields(errors(s.replace("\"memoryGb\": 32", "\"memoryGb\": 0"))));
        assertEquals(List.of("hardware.count"), fields(errors(s.replace("\"count\": 10000", "\"count\": 0"))));
        assertEquals(List.of("training.epochs"), fields(errors(s.replace("\"epochs\": 1", "\"epochs\": 0"))));
        assertEquals(List.of("hardware.peakFlops"), fields(errors(s.replace("\"peakFlops\": 125e12", "\"peakFlops\": 0"))));
        assertEquals(List.of("training.precision"), fields(errors(s.replace("\"precision\": \"fp16\", \"utilization\"",
                "\"precision\": \"fp4\", \"utilization\""))));
    }

    @Test
    void rulesAcrossFieldsAndInsideListsNameTheRequestPath() throws Exception {
        String s = ResolvedScenarios.gpt3("a", 0.3);
        assertEquals(List.of("model.activeParameters"), fields(errors(s.replace("\"activeParameters\": 174.6e9",
                "\"activeParameters\": 300e9"))));
        assertEquals(List.of("hardware.deadlineDays"), fields(errors(s.replace("\"count\": 10000", "\"count\": 10, \"deadlineDays\": 30"))));
        assertEquals(List.of("model.parameters"), fields(errors(s.replace("\"parameters\": 174.6e9, \"activeParameters\": 174.6e9",
                "\"parameters\": -5"))));
        assertEquals(List.of("training.tokens"), fields(errors(s.replace("\"tokens\": 3.0e11", "\"tokens\": 0"))));
        String components = s.replace("\"activeParameters\": 174.6e9}", "\"activeParameters\": 174.6e9, \"components\": "
                + "[{\"name\": \"vision\", \"parameters\": 3e8, \"modality\": \"image\"}, null, "
                + "{\"name\": \"x\", \"parameters\": -1, \"modality\": \"smell\"}]}");
        assertEquals(List.of("model.components[1]", "model.components[2].modality", "model.components[2].parameters"),
                fields(errors(components)));
        // Sorted, so that the same scenario is always rejected with the same list.
        assertEquals(List.of("hardware", "model", "training"), fields(errors("{\"scenarioId\": \"x\"}")));
    }
}
