package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainingComputeCalculatorTest {

    @Test
    void gpt3_175bMatchesTableD1() {
        // GPT-3 paper Table D.1: 174.6e9 parameters, 300e9 tokens -> 3.64e3 PF-days.
        double pfDays = TrainingComputeCalculator.pfDays(TrainingComputeCalculator.trainingFlops(174.6e9, 300e9, 1));
        assertEquals(3640, pfDays, 3640 * 0.005);
    }

    @Test
    void deadlineRoundsAcceleratorsUp() {
        assertEquals(3, TrainingComputeCalculator.acceleratorsForDeadline(48.1, 1));
    }
}
