package com.graminsta.platform.jobs;

import java.util.function.IntSupplier;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Clean-ups that delete in batches: each batch in a transaction of its own, so no transaction
 * holds many rows' locks for long, until one comes back short (there was no more to do).
 */
public final class Batches {

    private Batches() {
    }

    /** Runs {@code batch}, which handles at most {@code size} rows and says how many, until fewer come back. */
    public static void untilShort(TransactionTemplate transactions, int size, IntSupplier batch) {
        int handled;
        do {
            handled = transactions.execute(status -> batch.getAsInt());
        } while (handled == size);
    }
}
