package com.graminsta.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import com.graminsta.platform.cache.CacheStore.Lease;
import com.graminsta.platform.database.PrimaryReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One named cache-aside cache, keyed {@code name:{id}} (in Redis the braces make the id a hash
 * tag, so a key and its lease live on one cluster node). Made by {@link Caches}.
 *
 * <ul>
 *   <li><b>Reads</b> outside a writing transaction go through the cache; a miss loads from the
 *       database (the primary; a read replica only while the primary does not answer, and then
 *       it keeps nothing) and fills. Inside a writing transaction the database is read directly: what it
 *       sees may not be committed, and may never be.</li>
 *   <li><b>Writes</b> call {@link #evictAfterCommit}: the key is dropped once the transaction
 *       commits, and not at all if it rolls back. The time to live is only the backstop.</li>
 *   <li><b>Single flight:</b> concurrent misses on one key in this instance share one load;
 *       across instances, the one holding the key's lease loads while the others poll for the
 *       value it fills, for at most the lease's life. A lease, fill or read call that the store was
 *       slow to answer is sent again within that life, rather than answered by a load of its own.
 *       A miss may also take a value this instance loaded after the miss's read began
 *       ({@link RecentLoads}).</li>
 *   <li><b>Early refresh:</b> a hit may reload the key shortly before it expires
 *       ({@link CachedValue#refreshDue}), so a hot key does not expire under load.</li>
 *   <li><b>Fail-open:</b> when the store does not answer, the database does.</li>
 * </ul>
 * Values must be immutable, and must not depend on who reads them.
 */
public final class Cache<K, V> {

    /** How long a lease lets its holder load before others stop waiting for it. */
    static final Duration LEASE = Duration.ofSeconds(2);
    private static final long LEASE_POLL_MILLIS = 5;

    /** What asking for a key's lease came to. */
    private enum Leasing {
        /** This lease holds it: load and fill. */
        TAKEN,
        /** Another lease holds it: wait for its fill. */
        ELSEWHERE,
        /** The store did not answer in time; it may have given the lease, and the same lease may ask again. */
        SLOW,
        /** The store is down or kept out by the circuit breaker: load, and fill nothing. */
        DOWN
    }

    private final String name;
    private final Duration ttl;
    private final CacheStore<V> store;
    private final Clock clock;
    private final DoubleSupplier random;
    private final PrimaryReads primary;
    private final SingleFlight<V> flights = new SingleFlight<>();
    private final RecentLoads<V> recentLoads = new RecentLoads<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter loads;
    private final Counter errors;

    Cache(String name, Duration ttl, CacheStore<V> store, MeterRegistry meters, Clock clock, DoubleSupplier random,
          PrimaryReads primary) {
        this.name = name;
        this.primary = primary;
        this.ttl = ttl;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.hits = counter(meters, "hits", "Reads answered by the cache");
        this.misses = counter(meters, "misses", "Reads the cache could not answer");
        this.loads = counter(meters, "loads", "Values loaded from the database (misses and early refreshes)");
        this.errors = counter(meters, "errors", "Calls to the cache's store that failed or were kept out by the circuit breaker");
    }

    /** The value for {@code id}, loaded by {@code loader} on a miss; null (not cached) when the loader finds none. */
    public V get(K id, Supplier<V> loader) {
        if (inWritingTransaction()) {
            return loader.get();
        }
        String key = key(id);
        long readStarted = System.nanoTime();
        CachedValue<V> cached = read(key);
        if (cached != null) {
            hits.increment();
            if (cached.refreshDue(clock.millis(), randomInUnitInterval()) && !flights.running(key)) {
                return flights.run(key, () -> refresh(key, loader, cached.value()));
            }
            return cached.value();
        }
        V loadedSinceRead = recentLoads.loadedSince(key, readStarted);
        if (loadedSinceRead != null) {
            hits.increment();
            return loadedSinceRead;
        }
        misses.increment();
        return flights.run(key, () -> loadWaitingForLease(key, loader));
    }

    /**
     * The values for {@code ids}, in their order, without the ids the loader does not find. The
     * misses are loaded together by one call of {@code loader}, which gets them in their order.
     */
    public Map<K, V> getAll(Collection<K> ids, Function<List<K>, Map<K, V>> loader) {
        List<K> distinct = List.copyOf(new LinkedHashSet<>(ids));
        if (distinct.isEmpty()) {
            return Map.of();
        }
        if (inWritingTransaction()) {
            return inOrder(distinct, loader.apply(distinct));
        }
        List<String> keys = distinct.stream().map(this::key).toList();
        List<CachedValue<V>> cached = readAll(keys);
        Map<K, V> found = new HashMap<>();
        List<Integer> wanted = new ArrayList<>();
        long now = clock.millis();
        for (int i = 0; i < distinct.size(); i++) {
            CachedValue<V> value = cached.get(i);
            if (value == null) {
                misses.increment();
                wanted.add(i);
                continue;
            }
            hits.increment();
            found.put(distinct.get(i), value.value());
            if (value.refreshDue(now, randomInUnitInterval())) {
                wanted.add(i);
            }
        }
        if (wanted.isEmpty()) {
            return inOrder(distinct, found);
        }
        // A batch never waits for another holder's lease: it loads its misses itself and fills
        // only the keys it holds. Keys due for refresh are reloaded only by a lease holder. The
        // leases are asked for, and later filled, all at once: one round trip each to Redis.
        List<String> wantedKeys = wanted.stream().map(keys::get).toList();
        List<Lease> leases = wanted.stream().map(i -> Lease.next()).toList();
        List<Boolean> held = tryLeaseAll(wantedKeys, leases);
        List<K> toLoad = new ArrayList<>();
        for (int j = 0; j < wanted.size(); j++) {
            int i = wanted.get(j);
            if (cached.get(i) == null || held.get(j)) {
                toLoad.add(distinct.get(i));
            }
        }
        if (toLoad.isEmpty()) {
            return inOrder(distinct, found);
        }
        long started = System.nanoTime();
        loads.increment(toLoad.size());
        Loaded<Map<K, V>> batch = fromDatabase(() -> loader.apply(toLoad));
        Map<K, V> loaded = batch.value();
        for (K id : toLoad) {
            V value = loaded.get(id);
            if (value != null) {
                found.put(id, value);
            }
        }
        List<String> fillKeys = new ArrayList<>();
        List<CachedValue<V>> fills = new ArrayList<>();
        List<Lease> fillLeases = new ArrayList<>();
        for (int j = 0; j < wanted.size(); j++) {
            if (held.get(j)) {
                V value = batch.keep() ? loaded.get(distinct.get(wanted.get(j))) : null;
                fillKeys.add(wantedKeys.get(j));
                fills.add(value == null ? null : stored(value, started));
                fillLeases.add(leases.get(j));
            }
        }
        fillAll(fillKeys, fills, fillLeases);
        return inOrder(distinct, found);
    }

    private static <K, V> Map<K, V> inOrder(List<K> ids, Map<K, V> found) {
        Map<K, V> ordered = new LinkedHashMap<>();
        for (K id : ids) {
            V value = found.get(id);
            if (value != null) {
                ordered.put(id, value);
            }
        }
        return ordered;
    }

    /**
     * Drops {@code id} once the current transaction commits (at once outside one); a rollback
     * keeps it. Call it in the transaction that changes what the value is made from.
     */
    public void evictAfterCommit(K id) {
        String key = key(id);
        store.announceEviction(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    evict(key);
                }
            });
        } else {
            evict(key);
        }
    }

    String key(K id) {
        return name + ":{" + id + "}";
    }

    private V loadWaitingForLease(String key, Supplier<V> loader) {
        long deadline = System.nanoTime() + LEASE.toNanos();
        Lease lease = Lease.next();
        while (true) {
            Leasing leasing = tryLease(key, lease);
            if (leasing == Leasing.TAKEN) {
                // The previous holder may have filled the key and ended its lease since our read.
                CachedValue<V> filled = readAskingAgainWhileSlow(key, deadline);
                if (filled != null) {
                    fillOrRelease(key, null, lease, deadline);
                    return filled.value();
                }
                return loadAndFill(key, loader, lease, deadline);
            }
            if (leasing == Leasing.DOWN || System.nanoTime() > deadline) {
                return load(key, loader);
            }
            // Another instance loads, or the store was slow to answer, which is no reason to load:
            // under a burst an instance's first calls can all be slow, and each instance loading
            // made one query per instance. The same lease asks again, or the holder fills.
            sleep();
            CachedValue<V> filled = read(key);
            if (filled != null) {
                return filled.value();
            }
        }
    }

    /** Reloads a key due for early refresh, unless another instance already is; the caller has {@code current} meanwhile. */
    private V refresh(String key, Supplier<V> loader, V current) {
        Lease lease = Lease.next();
        return tryLease(key, lease) == Leasing.TAKEN
                ? loadAndFill(key, loader, lease, System.nanoTime() + LEASE.toNanos())
                : current;
    }

    /** Loads and fills; a fill the store was slow to answer is sent again until {@code deadline}. */
    private V loadAndFill(String key, Supplier<V> loader, Lease lease, long deadline) {
        long started = System.nanoTime();
        Loaded<V> loaded;
        try {
            loads.increment();
            loaded = fromDatabase(loader);
        } catch (RuntimeException | Error e) {
            fillOrRelease(key, null, lease, deadline);
            throw e;
        }
        V value = loaded.value();
        remember(key, loaded, started);
        fillOrRelease(key, value == null || !loaded.keep() ? null : stored(value, started), lease, deadline);
        return value;
    }

    /** Loads without filling: the store is down, or another instance's lease ran out without a fill. */
    private V load(String key, Supplier<V> loader) {
        long started = System.nanoTime();
        loads.increment();
        Loaded<V> loaded = fromDatabase(loader);
        remember(key, loaded, started);
        return loaded.value();
    }

    /** A value read from the primary, for this instance's misses that began before the load did. */
    private void remember(String key, Loaded<V> loaded, long startedNanos) {
        if (loaded.value() != null && loaded.keep()) {
            recentLoads.remember(key, loaded.value(), startedNanos);
        }
    }

    /** What a load read, and whether it may be kept in the cache. */
    private record Loaded<T>(T value, boolean keep) {
    }

    /**
     * Reads the primary, even in a read-only transaction a replica serves: a replica may not have
     * replayed the write that has just evicted the key, and what is filled is served to everyone.
     * While the primary does not answer (a failover), or when it goes away under the read, a
     * replica answers instead, and the value is not kept: the read succeeds, and the cache fills
     * again from the next primary.
     */
    private <T> Loaded<T> fromDatabase(Supplier<T> read) {
        if (!primary.primaryAnswering()) {
            return new Loaded<>(primary.readReplica(read), false);
        }
        try {
            return new Loaded<>(primary.read(read), true);
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            if (!primary.hasReplicas()) {
                throw e;
            }
            return new Loaded<>(primary.readReplica(read), false);
        }
    }

    private CachedValue<V> stored(V value, long startedNanos) {
        long loadMicros = Math.max(1, (System.nanoTime() - startedNanos) / 1000);
        return new CachedValue<>(value, clock.millis() + ttl.toMillis(), loadMicros);
    }

    // --- the store, failing open ---------------------------------------------------------------

    private CachedValue<V> read(String key) {
        try {
            return store.get(key);
        } catch (StoreUnavailableException e) {
            errors.increment();
            return null;
        }
    }

    /**
     * For a lease holder, whose read before loading decides whether it loads: a read the store
     * was slow to answer is sent again until {@code deadline}, not taken for a miss. Under a burst
     * the store is slow because everyone is reading the key the holder's predecessor has just
     * filled, and each holder that gave up after one slow read made one more query.
     */
    private CachedValue<V> readAskingAgainWhileSlow(String key, long deadline) {
        while (true) {
            try {
                return store.get(key);
            } catch (StoreUnavailableException e) {
                errors.increment();
                if (!e.slow() || System.nanoTime() > deadline) {
                    return null;
                }
            }
        }
    }

    private List<CachedValue<V>> readAll(List<String> keys) {
        try {
            return store.getAll(keys);
        } catch (StoreUnavailableException e) {
            errors.increment();
            List<CachedValue<V>> none = new ArrayList<>();
            keys.forEach(key -> none.add(null));
            return none;
        }
    }

    private Leasing tryLease(String key, Lease lease) {
        try {
            return store.lease(key, lease) ? Leasing.TAKEN : Leasing.ELSEWHERE;
        } catch (StoreUnavailableException e) {
            errors.increment();
            return e.slow() ? Leasing.SLOW : Leasing.DOWN;
        }
    }

    /** Which of the leases were taken; none when the store does not answer (load, fill nothing). */
    private List<Boolean> tryLeaseAll(List<String> keys, List<Lease> leases) {
        try {
            return store.leaseAll(keys, leases);
        } catch (StoreUnavailableException e) {
            errors.increment();
            return keys.stream().map(key -> false).toList();
        }
    }

    /**
     * Once, unlike {@link #fillOrRelease}: a batch's caller has its values and does not wait, and
     * another instance waiting for one of these keys loads it after the lease's life.
     */
    private void fillAll(List<String> keys, List<CachedValue<V>> values, List<Lease> leases) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            store.fillAll(keys, values, leases);
        } catch (StoreUnavailableException e) {
            errors.increment();
        }
    }

    /**
     * Sent again while the store is slow to answer, until {@code deadline}: a fill or release acts
     * only while the lease holds and ends it, so a second one does no harm, and a fill that never
     * arrives would leave the other instances waiting out the lease and then loading too.
     */
    private void fillOrRelease(String key, CachedValue<V> value, Lease lease, long deadline) {
        while (true) {
            try {
                if (value == null) {
                    store.release(key, lease);
                } else {
                    store.fill(key, value, lease);
                }
                return;
            } catch (StoreUnavailableException e) {
                errors.increment();
                if (!e.slow() || System.nanoTime() > deadline) {
                    return;
                }
            }
        }
    }

    /**
     * Drops the key from the store, then from what this instance has under way or just loaded:
     * a read that starts after this neither joins a load nor takes a value from before it. In
     * that order: a flight begun between the two could still read the store before the eviction.
     */
    private void evict(String key) {
        try {
            store.evict(key);
        } catch (StoreUnavailableException e) {
            errors.increment();
        } finally {
            flights.forget(key);
            recentLoads.forget(key);
        }
    }

    /** An eviction another instance announced (the in-process backend's {@link EvictionBroadcast}). */
    void evictAnnounced(String key) {
        evict(key);
    }

    /** After announcements of evictions may have been missed: nothing this instance keeps can be trusted. */
    void clearAfterMissedEvictions() {
        store.clear();
        flights.forgetAll();
        recentLoads.forgetAll();
    }

    private static boolean inWritingTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    }

    private double randomInUnitInterval() {
        return 1.0 - random.getAsDouble();
    }

    private static void sleep() {
        try {
            Thread.sleep(LEASE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a cache fill", e);
        }
    }

    private Counter counter(MeterRegistry meters, String what, String description) {
        return Counter.builder("graminsta.cache." + what).tag("cache", name).description(description).register(meters);
    }
}
