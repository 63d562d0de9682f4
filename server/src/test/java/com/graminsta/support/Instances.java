package com.graminsta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.graminsta.GraminstaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances of the server in this JVM on one new database and one media folder, as stage 4
 * runs them behind a balancer, each with a {@link QueryCounter}. Started one after the other;
 * closed together.
 */
public final class Instances implements AutoCloseable {

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();
    private final String loggingSystem;

    /** {@code settings} are {@code --name=value} arguments given to every instance. */
    public Instances(int count, String... settings) {
        this(TestDatabase.createEmpty(), count, settings);
    }

    /** Instances on the empty database at {@code database} (a JDBC URL; user postgres, no password). */
    public Instances(String database, int count, String... settings) {
        // Spring Boot would set up logging once per instance; it is set up already.
        loggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            // The instances share their photos, as the stack's do (GRAMINSTA_MEDIA_DIRECTORY): any
            // instance's worker may be the one that processes an upload another received. Unless
            // the caller gives a data directory, which then holds the media of every instance.
            Path media = Files.createTempDirectory("graminsta-instances-media");
            dataDirs.add(media);
            boolean ownDataDir = Stream.of(settings).anyMatch(setting -> setting.startsWith("--graminsta.data-dir="));
            for (int i = 0; i < count; i++) {
                Path dataDir = Files.createTempDirectory("graminsta-instance-" + i);
                dataDirs.add(dataDir);
                Map<String, String> arguments = new LinkedHashMap<>();
                for (String argument : List.of(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--graminsta.database.url=" + database,
                        "--graminsta.database.username=" + TestDatabase.user(),
                        "--graminsta.database.max-pool-size=6",
                        "--graminsta.data-dir=" + dataDir,
                        "--graminsta.rate-limits.registrations-per-ip.requests=10000",
                        "--graminsta.rate-limits.app-registrations-per-ip.requests=10000",
                        "--graminsta.rate-limits.sign-ins-per-ip.requests=10000",
                        "--graminsta.rate-limits.api-per-token.requests=10000")) {
                    put(arguments, argument);
                }
                if (!ownDataDir) {
                    put(arguments, "--graminsta.media.directory=" + media);
                }
                // A setting given here replaces the default above (Spring would join both with a comma).
                for (String setting : settings) {
                    put(arguments, setting);
                }
                started.add(new SpringApplicationBuilder(GraminstaApplication.class, QueryCounter.class)
                        .run(arguments.values().toArray(String[]::new)));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void put(Map<String, String> arguments, String argument) {
        int equals = argument.indexOf('=');
        arguments.put(equals < 0 ? argument : argument.substring(0, equals), argument);
    }

    public Api api(int instance) {
        return new Api("http://127.0.0.1:" + ((WebServerApplicationContext) started.get(instance)).getWebServer().getPort());
    }

    public <T> T bean(int instance, Class<T> type) {
        return started.get(instance).getBean(type);
    }

    public Stream<Integer> all() {
        return Stream.iterate(0, i -> i < started.size(), i -> i + 1);
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
        for (Path dataDir : dataDirs) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // temporary files; the system cleans up what is left
            }
        }
        if (loggingSystem == null) {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        } else {
            System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
        }
    }
}
