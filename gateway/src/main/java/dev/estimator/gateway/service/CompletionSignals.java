package dev.estimator.gateway.service;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes {@code Prefer: wait} requests of this replica as soon as this replica's registry consumer has
 * committed their result. Another replica may own the partition, so waiters also poll the registry.
 */
@ApplicationScoped
public class CompletionSignals {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    public CompletableFuture<Void> register(String scenarioId) {
        return waiting.computeIfAbsent(scenarioId, id -> new CompletableFuture<>());
    }

    public void release(String scenarioId, CompletableFuture<Void> signal) {
        waiting.remove(scenarioId, signal);
    }

    /** Called after the transaction that finished these scenarios committed. */
    public void finished(Collection<String> scenarioIds) {
        if (waiting.isEmpty()) {
            return;
        }
        for (String id : scenarioIds) {
            CompletableFuture<Void> signal = waiting.remove(id);
            if (signal != null) {
                signal.complete(null);
            }
        }
    }

    public int waiting() {
        return waiting.size();
    }
}
