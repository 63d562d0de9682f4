package com.graminsta.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the real PostgreSQL service (127.0.0.1:5432, or GRAMINSTA_TEST_POSTGRES as
 * host:port) for each test run, dropped when the run ends.
 */
public final class TestDatabase {

    private static final String SERVER = System.getenv().getOrDefault("GRAMINSTA_TEST_POSTGRES", "127.0.0.1:5432");
    private static final String USER = "postgres";
    private static String url;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = createEmpty();
        }
        return url;
    }

    /**
     * Another new, empty database (no schema yet), dropped when the run ends: for a server started
     * apart, or a test context whose job workers must not take the jobs of the others (each context
     * runs workers, and a job names keys in its own context's media store).
     */
    public static String createEmpty() {
        String name = "graminsta_test_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000);
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return "jdbc:postgresql://" + SERVER + "/" + name;
    }

    public static String user() {
        return USER;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need the PostgreSQL service at " + SERVER + ": " + e.getMessage(), e);
        }
    }
}
