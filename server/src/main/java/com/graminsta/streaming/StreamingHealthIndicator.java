package com.graminsta.streaming;

import com.graminsta.platform.Roles;
import com.graminsta.platform.Roles.Role;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of the readiness group (application.yml): a process of the streaming tier alone is not
 * ready while its Redis subscription is down, so that Kubernetes and balancers that check
 * readiness send new clients to an instance that will get their events, as
 * {@code /api/v1/streaming/health} tells clients. A process that serves the API too stays ready:
 * the API serves without Redis, and turning it away would be the larger loss.
 */
@Component
class StreamingHealthIndicator implements HealthIndicator {

    private final Roles roles;
    private final Channels channels;

    StreamingHealthIndicator(Roles roles, Channels channels) {
        this.roles = roles;
        this.channels = channels;
    }

    @Override
    public Health health() {
        if (!roles.has(Role.STREAMING) || roles.has(Role.API) || channels.ready()) {
            return Health.up().build();
        }
        return Health.down().withDetail("reason", "Redis is unreachable: events from other processes do not arrive").build();
    }
}
