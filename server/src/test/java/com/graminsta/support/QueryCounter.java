package com.graminsta.support;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements the server prepares, by their text: how a test sees which reads
 * reach the database. Add it to a test's context ({@code @Import(QueryCounter.class)}, or as a
 * source of a {@code SpringApplicationBuilder}); it wraps the server's DataSource.
 */
public class QueryCounter implements BeanPostProcessor {

    private final Queue<String> prepared = new ConcurrentLinkedQueue<>();

    /** How many statements prepared so far match {@code sql}. */
    public long count(Predicate<String> sql) {
        return prepared.stream().filter(sql).count();
    }

    /** The statements that read one account by id, as {@code Accounts.findById} does. */
    public long accountReads() {
        return count(sql -> sql.contains("FROM accounts WHERE id = ?"));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? new Counting(dataSource) : bean;
    }

    private final class Counting extends DelegatingDataSource implements Closeable {

        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counting(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counting(super.getConnection(username, password));
        }

        @Override
        public void close() throws IOException {
            if (getTargetDataSource() instanceof Closeable closeable) {
                closeable.close();
            }
        }

        private Connection counting(Connection connection) {
            return (Connection) Proxy.newProxyInstance(QueryCounter.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                            prepared.add(sql);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
