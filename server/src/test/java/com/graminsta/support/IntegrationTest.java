package com.graminsta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random port, on a fresh database in the real PostgreSQL service. Tests
 * talk to it over HTTP, as clients do. Rate limits are raised so tests can sign many people up;
 * the rate limit tests lower them again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "graminsta.rate-limits.registrations-per-ip.requests=10000",
        "graminsta.rate-limits.sign-ins-per-ip.requests=10000",
        "graminsta.rate-limits.sign-ins-per-account.requests=10000",
        "graminsta.rate-limits.app-registrations-per-ip.requests=10000",
        "graminsta.rate-limits.uploads-per-account.requests=10000",
        // Some tests make hundreds of requests with one token; TokenLimitApiTests keeps Mastodon's 300.
        "graminsta.rate-limits.api-per-token.requests=100000",
        // The tests check that deleted media's files go; in production they stay for the window.
        "graminsta.media.deleted-file-retention=0s",
        // The actuator's own port (8081 by default) would collide between cached contexts.
        "management.server.port=0",
        // Spring keeps each distinct test context alive for the whole run; small pools keep the
        // PostgreSQL service under its connection limit when several contexts are cached.
        "graminsta.database.max-pool-size=6",
})
public abstract class IntegrationTest {

    /**
     * One data directory for the whole run, not one per class: Spring keeps a context (and the
     * media it published at start-up, such as the default avatar) for every class that shares its
     * configuration, so the directory must outlive the class that created the context.
     */
    private static final Path dataDir = temporaryDirectoryForTheRun();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("graminsta.database.url", TestDatabase::url);
        registry.add("graminsta.database.username", TestDatabase::user);
        registry.add("graminsta.data-dir", () -> dataDir.toString());
    }

    protected Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    protected TestUsers users() {
        return new TestUsers(api());
    }

    private static Path temporaryDirectoryForTheRun() {
        try {
            Path directory = Files.createTempDirectory("graminsta-test-data");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Temporary files; the operating system cleans up what is left.
        }
    }
}
