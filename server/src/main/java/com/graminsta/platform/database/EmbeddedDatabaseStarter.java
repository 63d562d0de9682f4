package com.graminsta.platform.database;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the configuration is known,
 * before the first bean is made, so that its start (initdb on a first run, recovery after a
 * crash, a second or more on a busy machine) overlaps with the rest of the context's start-up
 * instead of preceding it. {@link DatabaseConfiguration} then takes the started server. Registered
 * in {@code META-INF/spring.factories}; does nothing when an external database is configured.
 */
public final class EmbeddedDatabaseStarter implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN_NAME = "graminsta.embeddedDatabaseStart";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Binder binder = Binder.get(context.getEnvironment());
        String url = binder.bind("graminsta.database.url", String.class).orElse("");
        if (!url.isBlank() || !(context.getBeanFactory() instanceof DefaultListableBeanFactory beans)) {
            return;
        }
        Path directory = binder.bind("graminsta.data-dir", Path.class).orElse(Path.of("./data")).resolve("postgres");
        Start start = new Start(directory, CompletableFuture.supplyAsync(
                () -> EmbeddedDatabase.start(directory),
                task -> Thread.ofPlatform().name("embedded-postgres-start").daemon().start(task)));
        beans.registerSingleton(BEAN_NAME, start);
        // Registered first, so destroyed last: after the pool. Also when the context fails to
        // start, which would otherwise leave the server running without its owner.
        beans.registerDisposableBean(BEAN_NAME, start);
    }

    /** The embedded PostgreSQL being started for one data directory. */
    record Start(Path directory, CompletableFuture<EmbeddedDatabase> database) implements DisposableBean {

        EmbeddedDatabase await() {
            try {
                return database.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        @Override
        public void destroy() throws Exception {
            EmbeddedDatabase started;
            try {
                started = database.join();
            } catch (CompletionException e) {
                return; // it never started; the failure was reported to whoever awaited it
            }
            started.close();
        }
    }
}
