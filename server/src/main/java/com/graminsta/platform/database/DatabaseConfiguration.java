package com.graminsta.platform.database;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.graminsta.platform.GraminstaSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place that decides which PostgreSQL Graminsta talks to. Feature code only ever sees
 * the resulting {@link DataSource}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseSettings settings, EmbeddedDatabase embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("graminsta");
        config.setMaximumPoolSize(settings.maxPoolSize());
        if (settings.embedded()) {
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.username());
            config.setPassword(settings.password());
        }
        return new HikariDataSource(config);
    }

    /** The server {@link EmbeddedDatabaseStarter} started early, else one started now. */
    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DatabaseSettings settings, GraminstaSettings graminsta,
            ObjectProvider<EmbeddedDatabaseStarter.Start> early) {
        if (!settings.embedded()) {
            return EmbeddedDatabase.NONE;
        }
        Path directory = graminsta.dataDir().resolve("postgres");
        EmbeddedDatabaseStarter.Start start = early.getIfAvailable();
        if (start != null && start.directory().equals(directory)) {
            return start.await();
        }
        return EmbeddedDatabase.start(directory);
    }
}
