package com.graminsta.platform.database;

import java.util.function.Supplier;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads that must see every committed write, even inside a read-only transaction that a replica
 * serves: what the cache loads. A replica may not have replayed the write whose commit has just
 * evicted a key; a value loaded from it would be served to everyone, the writer too, until it
 * expires. So a load runs on the primary: in the current transaction if that already reads the
 * primary, else in a short transaction of its own. A transaction that has not taken its connection
 * yet keeps its choice: a request whose first read is a cache miss still reads the rest from a
 * replica (before, it stayed on the primary, and the lab found most reads there).
 */
public final class PrimaryReads {

    /** For a database without replicas, and tests: every read runs as it is. */
    public static final PrimaryReads DIRECT = new PrimaryReads(null, null);

    private final ReadRouting routing;
    private final TransactionTemplate ownTransaction;

    PrimaryReads(ReadRouting routing, PlatformTransactionManager transactions) {
        this.routing = routing;
        if (transactions == null) {
            this.ownTransaction = null;
        } else {
            this.ownTransaction = new TransactionTemplate(transactions);
            ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            ownTransaction.setReadOnly(true);
        }
    }

    public boolean hasReplicas() {
        return routing != null && routing.hasReplicas();
    }

    /**
     * False while the primary does not answer (a failover): a cache's load then reads a replica
     * with {@link #readReplica} and keeps nothing (what a replica has may be older than an
     * eviction). True without replicas: there is nowhere else to read.
     */
    public boolean primaryAnswering() {
        return !hasReplicas() || routing.primaryAnswering();
    }

    /**
     * Runs {@code read} in a read-only transaction of its own, where the request's reads go: a
     * replica in the rotation if the caller may read one. For when the primary does not answer.
     */
    public <T> T readReplica(Supplier<T> read) {
        return ownTransaction == null ? read.get() : ownTransaction.execute(status -> read.get());
    }

    public <T> T read(Supplier<T> read) {
        if (!hasReplicas()) {
            return read.get();
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive() || ReadRouting.transactionOnPrimary()) {
            return routing.onPrimary(read);
        }
        return routing.onPrimary(() -> ownTransaction.execute(status -> read.get()));
    }
}
