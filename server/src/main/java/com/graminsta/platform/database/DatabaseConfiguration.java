package com.graminsta.platform.database;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.redis.Redis;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one place that decides which PostgreSQL Graminsta talks to: the embedded one or an external
 * primary, and from stage 6 its read replicas ({@link Database}). Feature code only ever sees the
 * resulting {@link DataSource} and says {@code @Transactional(readOnly = true)} where it reads.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    Database database(DatabaseSettings settings, EmbeddedDatabase embedded, Redis redis, MeterRegistry meters) {
        return Database.connect(settings, embedded, redis, meters);
    }

    @Bean
    DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource, Database database) {
        return new RoutingTransactionManager(dataSource, database.routing());
    }

    @Bean
    PrimaryReads primaryReads(Database database, PlatformTransactionManager transactions) {
        return new PrimaryReads(database.routing(), transactions);
    }

    /** Just outside the transaction interceptor (which Spring orders last). */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor replicaRetry(ObjectProvider<Database> database) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new ReplicaRetry.ReadOnlyTransactions(),
                new ReplicaRetry(() -> database.getObject().routing()));
        advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return advisor;
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
