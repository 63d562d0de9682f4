package com.graminsta.platform.database;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** Spring's JDBC transactions, telling {@link ReadRouting} when a writing transaction committed. */
final class RoutingTransactionManager extends JdbcTransactionManager {

    private final transient ReadRouting routing;

    RoutingTransactionManager(DataSource dataSource, ReadRouting routing) {
        super(dataSource);
        this.routing = routing;
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        if (!status.isReadOnly()) {
            routing.committedWrite();
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        super.doCleanupAfterCompletion(transaction);
        routing.transactionEnded();
    }
}
