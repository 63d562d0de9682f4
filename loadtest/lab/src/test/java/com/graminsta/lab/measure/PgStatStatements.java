package com.graminsta.lab.measure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One PostgreSQL of the stack, read through pg_stat_statements: reset before the load, read
 * after. Counts every statement the servers sent, and apart from them the queries, which leave
 * out transaction control and settings (BEGIN, COMMIT, SET, SHOW): round trips that do no work
 * on data. {@code total_exec_time} is the time statements spent executing, waits included; the
 * CPU time comes from /proc (see {@link StackProbe}).
 */
record PgStatStatements(String name, String jdbcUrl, String user, String password) {

    private static final Pattern NOT_A_QUERY = Pattern.compile(
            "(?is)^\\s*(begin|start transaction|commit|end|rollback|savepoint|release|set|show|reset|discard|deallocate)\\b.*");
    private static final int TOP = 10;

    void reset() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet shown = statement.executeQuery("SHOW shared_preload_libraries")) {
                shown.next();
                if (!shown.getString(1).contains("pg_stat_statements")) {
                    throw new SQLException(name + " was started without pg_stat_statements in shared_preload_libraries;"
                            + " restart the stack (./graminsta stack down, then up) with this version of Graminsta");
                }
            }
            // A replica cannot create it, and has it as soon as it replays the primary's creation.
            if (!inRecovery(statement)) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    private static boolean inRecovery(Statement statement) throws SQLException {
        try (ResultSet recovery = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            recovery.next();
            return recovery.getBoolean(1);
        }
    }

    Map<String, Object> read() throws SQLException {
        long statements = 0;
        long queries = 0;
        double execMs = 0;
        List<Map<String, Object>> top = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT query, calls, total_exec_time, rows FROM pg_stat_statements
                     WHERE query NOT LIKE '%pg_stat_statements%'
                     ORDER BY total_exec_time DESC""")) {
            while (rows.next()) {
                String query = rows.getString(1);
                long calls = rows.getLong(2);
                double ms = rows.getDouble(3);
                statements += calls;
                execMs += ms;
                if (!NOT_A_QUERY.matcher(query).matches()) {
                    queries += calls;
                }
                if (top.size() < TOP) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    String text = query.replaceAll("\\s+", " ").strip();
                    entry.put("query", text.length() > 300 ? text.substring(0, 300) + "…" : text);
                    entry.put("calls", calls);
                    entry.put("total_exec_ms", round(ms));
                    entry.put("mean_exec_ms", calls == 0 ? 0 : round(ms / calls));
                    entry.put("rows", rows.getLong(4));
                    top.add(entry);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("server", name);
        result.put("statements", statements);
        result.put("queries", queries);
        result.put("exec_ms", round(execMs));
        result.put("top_by_exec_time", top);
        return result;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
