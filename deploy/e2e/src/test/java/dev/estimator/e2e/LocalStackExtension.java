package dev.estimator.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.estimator.e2e.trace.OtlpReceiver;
import dev.estimator.stack.LocalStack;

/**
 * Starts the same stack as {@code deploy/local/run.sh} (real KRaft broker in its own JVM, embedded PostgreSQL with one
 * database per service, the four packaged services as separate JVMs) once per test run, on free ports
 * so it never clashes with a stack a developer left running. Test methods get it as a parameter.
 * Logs: {@code deploy/e2e/target/e2e-logs/}.
 * <p>
 * The services export every trace to an in-process OTLP receiver, which test methods get as a parameter too
 * ({@link OtlpReceiver}): the traces are checked against the real pipeline, not a mock.
 */
public class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    /** Wraps the stack so JUnit closes it when the whole run ends. */
    record RunningStack(LocalStack stack, OtlpReceiver traces) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
            traces.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class || parameter.getParameter().getType() == OtlpReceiver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningStack running = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningStack.class, key -> start(), RunningStack.class);
        return parameter.getParameter().getType() == OtlpReceiver.class ? running.traces() : running.stack();
    }

    private static RunningStack start() {
        Path root = Path.of(System.getProperty("estimator.root", "../..")).toAbsolutePath().normalize();
        Path logs = root.resolve("deploy/e2e/target/e2e-logs");
        try {
            Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        OtlpReceiver traces = OtlpReceiver.start();
        Map<String, Integer> freePorts = Map.of("catalog-service", 0, "compute-service", 0, "cost-service", 0, "gateway", 0);
        LocalStack.Options options = new LocalStack.Options(root, logs, 0, null, List.of("-Xmx512m"), 0, null, null,
                System.getenv("ESTIMATOR_TEST_PG_ADMIN_URL"), freePorts,
                List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), traces.environment());
        PrintStream out = System.out;
        try {
            return new RunningStack(LocalStack.start(options, out), traces);
        } catch (RuntimeException e) {
            traces.close();
            throw e;
        }
    }
}
