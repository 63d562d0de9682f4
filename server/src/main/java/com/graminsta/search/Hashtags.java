package com.graminsta.search;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.graminsta.posts.StatusVisibilitySql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Hashtags as search finds them. A tag is found only when the viewer may see a post that uses
 * it: the name of a tag used only in private posts says something about them.
 */
@Repository
class Hashtags {

    /** What a hashtag is made of, as posts parse them: letters, marks, digits and underscores. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}_]+");

    /** The tag is used in a post the viewer (bound as {@code :viewerId}) may see. */
    private static final String SEEN = """
            EXISTS (SELECT 1 FROM status_tags st JOIN statuses s ON s.id = st.status_id
                    WHERE st.tag_id = t.id AND s.in_reply_to_id IS NULL AND %s)"""
            .formatted(StatusVisibilitySql.visibleTo("s"));

    record Tag(long id, String name) {
    }

    private final JdbcClient jdbc;

    Hashtags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tag name in a query ({@code cats}, {@code #Cats}), normalised as posts store names, or
     * empty when the query cannot be one.
     */
    static Optional<String> name(String query) {
        String name = query.startsWith("#") ? query.substring(1) : query;
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(com.graminsta.posts.Hashtags.normalise(name));
    }

    /** Tags starting with the prefix, the exact match first, then the shortest. */
    List<Tag> startingWith(String prefix, Long viewerId, int limit, int offset) {
        return jdbc.sql("SELECT t.id, t.name FROM tags t WHERE lower(t.name) LIKE :pattern AND " + SEEN + """
                         ORDER BY lower(t.name) = :exact DESC, length(t.name), lower(t.name)
                         LIMIT :limit OFFSET :offset""")
                .param("pattern", escapeLike(prefix) + "%")
                .param("exact", prefix)
                .param("viewerId", viewerId)
                .param("limit", limit)
                .param("offset", offset)
                .query((row, number) -> new Tag(row.getLong("id"), row.getString("name")))
                .list();
    }

    Optional<Tag> named(String name, Long viewerId) {
        return jdbc.sql("SELECT t.id, t.name FROM tags t WHERE lower(t.name) = :name AND " + SEEN)
                .param("name", name)
                .param("viewerId", viewerId)
                .query((row, number) -> new Tag(row.getLong("id"), row.getString("name")))
                .optional();
    }

    /** Posts with the tag that the viewer may see and did not mute, newest first. */
    List<Long> posts(String name, Long viewerId, int limit, int offset) {
        return jdbc.sql("SELECT s.id FROM status_tags st JOIN statuses s ON s.id = st.status_id"
                        + " WHERE st.tag_id = (SELECT t.id FROM tags t WHERE lower(t.name) = :name)"
                        + " AND s.in_reply_to_id IS NULL"
                        + " AND " + StatusVisibilitySql.visibleTo("s") + " AND " + StatusVisibilitySql.notMutedBy("s")
                        + " ORDER BY st.status_id DESC LIMIT :limit OFFSET :offset")
                .param("name", name)
                .param("viewerId", viewerId)
                .param("limit", limit)
                .param("offset", offset)
                .query(Long.class)
                .list();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
