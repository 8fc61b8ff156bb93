package dev.estimator.compute.benchmark;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.estimator.compute.estimate.AcceleratorSpec;
import dev.estimator.compute.estimate.ComputeEstimator;
import dev.estimator.compute.estimate.ComputeResult;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.ModelShape;
import dev.estimator.compute.estimate.ReferenceAccelerators;
import dev.estimator.compute.estimate.ScenarioInput;
import dev.estimator.compute.estimate.TrainingWorkload;

/**
 * Throughput of the estimate package on one thread. Not run by surefire (no @Test); run it with
 * {@code compute-service/benchmark/run-jmh.sh} (see docs/benchmarks/compute-service.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class EstimateBenchmark {

    ComputeEstimator estimator;
    AcceleratorSpec h100;
    ScenarioInput llama70b;
    double parameters;

    @Setup
    public void setUp() {
        estimator = new ComputeEstimator(EfficiencyProfiles.bundled());
        h100 = ReferenceAccelerators.get("nvidia-h100-sxm");
        llama70b = new ScenarioInput(TrainingWorkload.languageModel(70e9, 70e9, 2e12, 1), false,
                ModelShape.of(70e9, 80, 8192, 64, 8, 4096), h100, "bf16", 989e12, null, 2048, null, 1e10, 1.1, 0.385, 100_000);
        parameters = 7e9;
    }

    /** Dense training estimate: 6·N·D FLOPs -> accelerator-hours at the profile's size- and scale-adjusted utilization. */
    @Benchmark
    public double denseTrainingEstimate() {
        parameters = parameters >= 400e9 ? 7e9 : parameters * 1.01; // vary N so nothing is constant-folded
        return estimator.denseTrainingHours(parameters, 2e12, h100, 2048);
    }

    /** A complete scenario: FLOPs, hours, range, count/days, memory, energy, CO2 and serving. */
    @Benchmark
    public ComputeResult fullScenarioEstimate() {
        return estimator.estimate(llama70b);
    }
}
