package com.graminsta.platform.database;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a read-only transaction again when the replica it read from failed under it (killed,
 * restarted, cut off): the replica leaves the rotation, and the second try runs on another one or
 * on the primary, so the caller never sees the failure. Only the outermost read-only transaction
 * is retried, and only for a broken connection: a read-only transaction has no effect to repeat.
 * Ordered just outside Spring's transaction interceptor.
 */
final class ReplicaRetry implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRetry.class);

    /** Each try after a failure goes elsewhere: this is more replicas than any stage runs. */
    private static final int MAX_TRIES = 4;

    /** Looked up on first use: advisors are made before the beans they advise, the pools included. */
    private final Supplier<ReadRouting> routing;

    ReplicaRetry(Supplier<ReadRouting> routing) {
        this.routing = routing;
    }

    /** The methods that run in a read-only transaction of their own, as {@code @Transactional} says. */
    static final class ReadOnlyTransactions extends StaticMethodMatcherPointcut {

        private final TransactionAttributeSource attributes = new AnnotationTransactionAttributeSource(false);

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            TransactionAttribute attribute = attributes.getTransactionAttribute(method, targetClass);
            return attribute != null && attribute.isReadOnly();
        }
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return invocation.proceed(); // part of a transaction begun outside: that one decides
        }
        for (int attempt = 1; ; attempt++) {
            routing.get().beginAttempt();
            try {
                return ((ProxyMethodInvocation) invocation).invocableClone().proceed();
            } catch (Throwable e) {
                Replica replica = routing.get().replicaInUse();
                if (replica == null || attempt >= MAX_TRIES || !brokenConnection(e)) {
                    throw e;
                }
                replica.failed(e);
                log.info("A read on replica {} failed ({}); reading again elsewhere", replica.name(), e.getMessage());
            }
        }
    }

    /**
     * The connection broke: SQL state class 08 (connection exception), 57P01 to 57P03 (the server
     * is shutting down, crashed, or cannot take connections yet), or no connection to be had.
     */
    static boolean brokenConnection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
