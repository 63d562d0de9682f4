package com.graminsta.platform.database;

import javax.sql.DataSource;

import com.graminsta.platform.GraminstaSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DatabaseSettings settings, GraminstaSettings graminsta) {
        if (!settings.embedded()) {
            return EmbeddedDatabase.NONE;
        }
        return EmbeddedDatabase.start(graminsta.dataDir().resolve("postgres"));
    }
}
