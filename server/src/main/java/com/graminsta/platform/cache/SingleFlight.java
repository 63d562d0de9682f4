package com.graminsta.platform.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Concurrent calls for one key share one run of the work: the first caller runs it, those who
 * come while it runs wait for its answer (or its exception), and the next caller after it ends
 * runs it again. Used for a cache's loads and for its reads of Redis.
 */
final class SingleFlight<T> {

    private final ConcurrentMap<String, CompletableFuture<T>> running = new ConcurrentHashMap<>();

    T run(String key, Supplier<T> work) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            return await(theirs);
        }
        try {
            T answer = work.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    boolean running(String key) {
        return running.containsKey(key);
    }

    /**
     * Callers after this one run the work afresh instead of joining the run already under way,
     * whose callers still get its answer: after an eviction, a run that began before it may
     * answer with what the write replaced.
     */
    void forget(String key) {
        running.remove(key);
    }

    void forgetAll() {
        running.clear();
    }

    private static <T> T await(CompletableFuture<T> run) {
        try {
            return run.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
