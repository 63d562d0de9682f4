package com.graminsta.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics table of Gatling's HTML report (index.html): one row for all requests, one per
 * request name. Gatling 3.15 writes these figures nowhere else in a readable form (its
 * simulation.log is binary), so they are read from the table, by its column headings: a Gatling
 * whose table differs fails here, loudly, rather than giving wrong figures.
 */
record GatlingReport(Map<String, Row> rows) {

    static final String ALL = "All Requests";

    /** One line of the table; times in milliseconds, null where Gatling shows "-". */
    record Row(long total, long ko, Double perSecond, Long p50, Long p95, Long p99, Long p999, Long max, Long mean) {
    }

    private static final Pattern HEADING = Pattern.compile(
            "<th[^>]*id=\"col-(\\d+)\"[^>]*>\\s*<span>(?:<abbr[^>]*>)?([^<]+)");
    private static final Pattern ROW = Pattern.compile("<tr id=\"[^\"]+\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)</span>");
    private static final Pattern CELL = Pattern.compile("<td class=\"value (?:total|ok|ko) col-(\\d+)\">([^<]*)</td>");
    private static final List<String> NEEDED = List.of("Total", "KO", "Cnt/s", "50th pct", "95th pct", "99th pct",
            "99.9th pct", "Max", "Mean");

    static GatlingReport read(Path indexHtml) throws IOException {
        String html = Files.readString(indexHtml);
        Map<String, Integer> columns = new HashMap<>();
        Matcher heading = HEADING.matcher(html);
        while (heading.find()) {
            columns.put(heading.group(2).strip(), Integer.parseInt(heading.group(1)));
        }
        for (String needed : NEEDED) {
            if (!columns.containsKey(needed)) {
                throw new IllegalStateException("Gatling's report " + indexHtml + " has no column '" + needed
                        + "' (columns: " + columns.keySet() + "); percentiles must be 50, 95, 99, 99.9 (gatling.conf)");
            }
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            if (!name.find()) {
                continue;
            }
            Map<Integer, String> cells = new HashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).strip());
            }
            rows.put(unescape(name.group(1).strip()), new Row(
                    number(cells.get(columns.get("Total"))),
                    number(cells.get(columns.get("KO"))),
                    decimal(cells.get(columns.get("Cnt/s"))),
                    millis(cells.get(columns.get("50th pct"))),
                    millis(cells.get(columns.get("95th pct"))),
                    millis(cells.get(columns.get("99th pct"))),
                    millis(cells.get(columns.get("99.9th pct"))),
                    millis(cells.get(columns.get("Max"))),
                    millis(cells.get(columns.get("Mean")))));
        }
        if (!rows.containsKey(ALL)) {
            throw new IllegalStateException("Gatling's report " + indexHtml + " has no '" + ALL + "' row");
        }
        return new GatlingReport(rows);
    }

    Row all() {
        return rows.get(ALL);
    }

    private static long number(String cell) {
        Long value = millis(cell);
        return value == null ? 0 : value;
    }

    private static Long millis(String cell) {
        if (cell == null || cell.isEmpty() || cell.equals("-")) {
            return null;
        }
        return Math.round(Double.parseDouble(cell.replace(",", "")));
    }

    private static Double decimal(String cell) {
        if (cell == null || cell.isEmpty() || cell.equals("-")) {
            return null;
        }
        return Double.parseDouble(cell.replace(",", ""));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }
}
