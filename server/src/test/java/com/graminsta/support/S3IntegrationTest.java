package com.graminsta.support;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server with its media in object storage (stage 5): a real s3proxy process, shared by
 * every class extending this, so they share one Spring context too. The context has a database
 * of its own: its job workers read objects from s3proxy, other contexts' from their own disk, and
 * neither must take the other's jobs.
 */
@ContextConfiguration(initializers = S3IntegrationTest.OwnDatabase.class)
public abstract class S3IntegrationTest extends IntegrationTest {

    public static final String BUCKET = "graminsta-media";

    @DynamicPropertySource
    static void objectStorage(DynamicPropertyRegistry registry) {
        registry.add("graminsta.storage", () -> "s3");
        registry.add("graminsta.s3.endpoint", () -> s3proxy().endpoint());
        registry.add("graminsta.s3.path-style", () -> "true");
        registry.add("graminsta.s3.bucket", () -> BUCKET);
        registry.add("graminsta.s3.access-key", () -> S3Proxy.ACCESS_KEY);
        registry.add("graminsta.s3.secret-key", () -> S3Proxy.SECRET_KEY);
        registry.add("graminsta.s3.public-read-acl", () -> "true");
        // Jobs waiting out an outage try again within a second or two, not tens of seconds.
        registry.add("graminsta.worker.retry-backoff", () -> "200ms");
    }

    /**
     * Put in front of every other property source, the base class's dynamic properties included
     * (a subclass's {@code @DynamicPropertySource} cannot replace those).
     */
    static class OwnDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("S3 test database",
                    Map.of("graminsta.database.url", TestDatabase.createEmpty())));
        }
    }

    protected static S3Proxy s3proxy() {
        return S3Proxy.shared();
    }

    /** The public URL of an object in the test bucket, as media URLs name it. */
    protected static String objectUrl(String key) {
        return s3proxy().endpoint() + "/" + BUCKET + "/" + key;
    }
}
