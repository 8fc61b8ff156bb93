package dev.estimator.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals for fault injection. {@link Process} can only send SIGTERM and SIGKILL; hanging a dependency
 * needs SIGSTOP/SIGCONT, so they go through {@code kill(1)}.
 */
public final class Signals {

    private Signals() {
    }

    /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}, {@code INT}) to every pid, in one {@code kill} call. */
    public static void send(String signal, Collection<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pids + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run kill(1)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void send(String signal, long pid) {
        send(signal, List.of(pid));
    }

    /**
     * SIGSTOP, then waits until the kernel reports every process stopped (delivery is asynchronous), so the
     * caller's clock for "hung since" starts when the processes really are.
     */
    public static void stop(Collection<Long> pids) {
        send("STOP", pids);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!pids.stream().allMatch(pid -> isStopped(pid) || ProcessHandle.of(pid).isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("SIGSTOP did not stop " + pids + " within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A process and every process it started, parents first (what SIGSTOP must reach to freeze a server). */
    public static List<Long> withDescendants(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    /** Whether the process is stopped (state T in /proc/PID/stat), i.e. a SIGSTOP took effect. */
    public static boolean isStopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the parenthesised command name, which may itself contain spaces or parentheses.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. */
    public static void terminate(Process p, java.time.Duration grace) {
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
