package com.graminsta.platform;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this process does ({@code GRAMINSTA_ROLES}, comma-separated; all four by default): one
 * artifact runs as any tier of stage 7 (docs/decisions/0027). The roles are decided when the
 * server starts, never by bean conditions, which Spring AOT fixes at build time (decision 0015):
 * every bean exists in every process, and a role that is off serves nothing (platform.web.RoleFilter)
 * or starts nothing (the job worker).
 *
 * @param roles the names of this process's roles
 */
@ConfigurationProperties("graminsta")
public record Roles(@DefaultValue({"api", "worker", "streaming", "web"}) List<String> roles) {

    public enum Role {
        /** The REST API, OAuth, and the instance and discovery documents. */
        API,
        /** Runs jobs from the queue (photo processing, deletions, recurring work). */
        WORKER,
        /** The streaming API at /api/v1/streaming: WebSocket and server-sent events. */
        STREAMING,
        /** The web app's pages and build files. */
        WEB;

        String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every role, as a single process runs them. */
    public static final Roles ALL = new Roles(List.of("api", "worker", "streaming", "web"));

    public Roles {
        roles = roles == null ? List.of() : roles.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty()).toList();
        for (String name : roles) {
            if (EnumSet.allOf(Role.class).stream().noneMatch(role -> role.setting().equals(name))) {
                throw new IllegalArgumentException("graminsta.roles (GRAMINSTA_ROLES) takes api, worker, streaming "
                        + "and web, comma-separated; '" + name + "' is none of them");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(
                    "graminsta.roles (GRAMINSTA_ROLES) names no role; give one or more of api, worker, streaming and web");
        }
    }

    public boolean has(Role role) {
        return roles.contains(role.setting());
    }

    public Set<Role> enabled() {
        return roles.stream().map(name -> Role.valueOf(name.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
