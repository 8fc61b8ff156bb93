package dev.estimator.cost.benchmark;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.estimator.cost.estimate.CostCalculator;
import dev.estimator.cost.estimate.CostInputs;
import dev.estimator.cost.estimate.CostResult;
import dev.estimator.cost.estimate.OwnershipParameters;
import dev.estimator.cost.estimate.UncertaintyParameters;

/**
 * JMH benchmark of one complete estimate (cloud, ownership, serving, programme and a 1,000-sample Monte Carlo).
 * Not a JUnit test: run it on demand (see docs/benchmarks/cost-service.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CostCalculatorBenchmark {

    final CostCalculator calculator = new CostCalculator(new OwnershipParameters(0.64, 0.19, 0.14, 1.82, 0.76, 1.1, 0.10),
            new UncertaintyParameters(1000, 0.15, 0.10, 0.25));
    final CostInputs inputs = new CostInputs(1.0e6, 0.8e6, 1.3e6, 2.99, 32_500, 700, 770, 0.081, 8, 1e9, 12, 1.0, 1e5, 1e6);
    long seed;

    @Benchmark
    public CostResult estimateWithThousandSampleRange() {
        return calculator.calculate(inputs, 1, seed++);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(CostCalculatorBenchmark.class.getSimpleName()).build()).run();
    }
}
