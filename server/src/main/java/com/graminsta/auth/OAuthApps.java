package com.graminsta.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.graminsta.platform.security.Scopes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All registered OAuth applications. */
@Repository
class OAuthApps {

    private final JdbcClient jdbc;

    OAuthApps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers an app and answers it with its client secret, which is shown this once. */
    Created create(String name, String website, List<String> redirectUris, String scopes) {
        String clientId = Secrets.generate();
        String clientSecret = Secrets.generate();
        long id = jdbc.sql("""
                        INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, client_secret_hash)
                        VALUES (next_id(0), :name, :website, :redirectUris, :scopes, :clientId, :secretHash)
                        RETURNING id""")
                .param("name", name)
                .param("website", website)
                .param("redirectUris", String.join("\n", redirectUris))
                .param("scopes", scopes)
                .param("clientId", clientId)
                .param("secretHash", Secrets.hash(clientSecret))
                .query(Long.class)
                .single();
        return new Created(findById(id).orElseThrow(), clientSecret);
    }

    record Created(OAuthApp app, String clientSecret) {
    }

    Optional<OAuthApp> findByClientId(String clientId) {
        if (clientId == null || clientId.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM oauth_apps WHERE client_id = :clientId")
                .param("clientId", clientId)
                .query(OAuthApps::map)
                .optional();
    }

    Optional<OAuthApp> findById(long id) {
        return jdbc.sql("SELECT * FROM oauth_apps WHERE id = :id").param("id", id).query(OAuthApps::map).optional();
    }

    /** The app, when the client id and secret both match. */
    Optional<OAuthApp> authenticate(String clientId, String clientSecret) {
        return findByClientId(clientId).filter(app -> Secrets.matches(clientSecret, app.clientSecretHash()));
    }

    private static OAuthApp map(ResultSet row, int rowNumber) throws SQLException {
        return new OAuthApp(
                row.getLong("id"),
                row.getString("name"),
                row.getString("website"),
                Arrays.asList(row.getString("redirect_uris").split("\n")),
                Scopes.parse(row.getString("scopes")),
                row.getString("client_id"),
                row.getBytes("client_secret_hash"));
    }
}
