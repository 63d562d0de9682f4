package com.graminsta.platform.database;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.graminsta.platform.redis.Redis;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The primary's connection pool and, when replicas are configured, theirs, with the routing
 * between them. Chosen here from the settings when the server starts, not by bean conditions
 * (the build prepares the context ahead of time; docs/decisions/0015).
 */
final class Database implements AutoCloseable {

    private final HikariDataSource primary;
    private final Replicas replicas;
    private final ReadRouting routing;
    private final DataSource dataSource;

    private Database(HikariDataSource primary, Replicas replicas, ReadRouting routing, DataSource dataSource) {
        this.primary = primary;
        this.replicas = replicas;
        this.routing = routing;
        this.dataSource = dataSource;
    }

    static Database connect(DatabaseSettings settings, EmbeddedDatabase embedded, Redis redis, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("graminsta");
        config.setMaximumPoolSize(settings.maxPoolSize());
        if (settings.embedded()) {
            if (!settings.replicaUrls().isEmpty()) {
                throw new IllegalStateException("GRAMINSTA_DATABASE_REPLICA_URLS is set, but replicas need an external "
                        + "primary: set GRAMINSTA_DATABASE_URL too");
            }
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.username());
            config.setPassword(settings.password());
        }
        HikariDataSource primary = new HikariDataSource(config);
        if (settings.replicaMaxLag().compareTo(Sticking.KEPT) >= 0) {
            throw new IllegalStateException("GRAMINSTA_DATABASE_REPLICA_MAX_LAG must be under " + Sticking.KEPT.toSeconds()
                    + " s: a write keeps its writer on the primary that long, and a replica in the rotation must have it by then");
        }
        List<Replica> replicaList = new ArrayList<>();
        for (String url : settings.replicaUrls()) {
            replicaList.add(new Replica(name(url), replicaPool(url, settings)));
        }
        Replicas replicas = new Replicas(replicaList, primary, settings.replicaMaxLag(), settings.replicaCheckInterval(), meters);
        ReadRouting routing = new ReadRouting(primary, replicas, new Sticking(redis), meters);
        // A transaction takes its connection at its first statement: one whose reads the cache
        // answered (a profile, most of the time) takes none from the pool.
        LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(primary);
        if (replicas.any()) {
            lazy.setReadOnlyDataSource(routing);
            replicas.start();
        }
        return new Database(primary, replicas, routing, lazy);
    }

    /**
     * A replica's pool: the primary's credentials and size; a connection that cannot be had within
     * half a second sends the read to the primary instead; a replica that is down when the server
     * starts is no reason not to start.
     */
    private static HikariDataSource replicaPool(String url, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("graminsta-replica-" + name(url));
        config.setJdbcUrl(url);
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        return new HikariDataSource(config);
    }

    /** host:port, for logs and metrics. */
    private static String name(String jdbcUrl) {
        Matcher address = Pattern.compile("//([^/?]+)").matcher(jdbcUrl);
        return address.find() ? address.group(1) : jdbcUrl;
    }

    DataSource dataSource() {
        return dataSource;
    }

    ReadRouting routing() {
        return routing;
    }

    @Override
    public void close() {
        replicas.close();
        primary.close();
    }
}
