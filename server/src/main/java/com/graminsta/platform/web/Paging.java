package com.graminsta.platform.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

import jakarta.servlet.http.HttpServletRequest;
import com.graminsta.platform.GraminstaSettings;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Keyset pagination the Mastodon way: {@code max_id} pages back in time, {@code since_id} returns
 * the newest entries above a point, {@code min_id} the entries just above a point. Results are
 * always newest first; the {@code Link} header names the next and previous pages.
 *
 * @param maxId only entries with a smaller cursor
 * @param sinceId only entries with a larger cursor, newest first
 * @param minId only entries with a larger cursor, the ones closest to it
 * @param limit how many entries at most
 */
public record Paging(Long maxId, Long sinceId, Long minId, int limit) {

    public static final int DEFAULT_LIMIT = 40;
    public static final int MAX_LIMIT = 80;

    public static Paging of(String maxId, String sinceId, String minId, String limit) {
        return of(maxId, sinceId, minId, limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    public static Paging of(String maxId, String sinceId, String minId, String limit, int defaultLimit, int maxLimit) {
        int size = defaultLimit;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid value for limit");
            }
        }
        size = Math.clamp(size, 1, maxLimit);
        return new Paging(cursor(maxId, "max_id"), cursor(sinceId, "since_id"), cursor(minId, "min_id"), size);
    }

    private static Long cursor(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid value for " + name);
        }
    }

    /** The lower bound: since_id and min_id both mean "above this". */
    public Long after() {
        if (minId != null && sinceId != null) {
            return Math.max(minId, sinceId);
        }
        return minId != null ? minId : sinceId;
    }

    /** min_id pages forward from a point, so the rows nearest it come first from the database. */
    public boolean ascending() {
        return minId != null;
    }

    /**
     * A SQL condition and order for a cursor column, with parameters {@code :maxId}, {@code :after}
     * and {@code :limit}; bind them with {@link #bind}.
     *
     * <p>An absent cursor becomes an open bound rather than {@code :maxId IS NULL OR ...}: once
     * the driver prepares the statement on the server, PostgreSQL may plan it once for every
     * value, and only a plain range can then still be an index condition.
     */
    public String where(String column) {
        return column + " < coalesce(CAST(:maxId AS bigint), 9223372036854775807) "
                + "AND " + column + " > coalesce(CAST(:after AS bigint), -9223372036854775808)";
    }

    public String orderBy(String column) {
        return column + (ascending() ? " ASC" : " DESC") + " LIMIT :limit";
    }

    public org.springframework.jdbc.core.simple.JdbcClient.StatementSpec bind(
            org.springframework.jdbc.core.simple.JdbcClient.StatementSpec statement) {
        return statement.param("maxId", maxId).param("after", after()).param("limit", limit);
    }

    /** Puts rows read in {@link #orderBy} order back to newest first. */
    public <T> List<T> newestFirst(List<T> rows) {
        if (!ascending()) {
            return rows;
        }
        List<T> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        return reversed;
    }

    /** The Link header for a page of results, or null when the page is empty. */
    public static <T> String linkHeader(List<T> page, ToLongFunction<T> cursor) {
        if (page.isEmpty()) {
            return null;
        }
        long newest = cursor.applyAsLong(page.getFirst());
        long oldest = cursor.applyAsLong(page.getLast());
        return "<" + pageUrl("max_id", oldest) + ">; rel=\"next\", <" + pageUrl("min_id", newest) + ">; rel=\"prev\"";
    }

    /**
     * On the configured public URL, never on the request's Host or X-Forwarded-Host, which the
     * client chooses: a link built from them could send a client and its token elsewhere.
     */
    private static String pageUrl(String name, long value) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        GraminstaSettings settings = RequestContextUtils.findWebApplicationContext(request).getBean(GraminstaSettings.class);
        UriComponentsBuilder url = UriComponentsBuilder.fromUriString(settings.url(request.getRequestURI()))
                .query(request.getQueryString())
                .replaceQueryParam("max_id")
                .replaceQueryParam("min_id")
                .replaceQueryParam("since_id")
                .replaceQueryParam(name, value);
        return url.build().toUriString();
    }
}
