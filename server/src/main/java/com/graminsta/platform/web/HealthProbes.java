package com.graminsta.platform.web;

import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Readiness and liveness stay on the API port, where load balancers, container health checks and
 * the stack's scripts probe them; they answer only a status. Everything else the actuator has
 * (metrics, details, info) lives on the management port, {@code GRAMINSTA_MANAGEMENT_PORT}
 * (8081, bound to 127.0.0.1 unless {@code GRAMINSTA_MANAGEMENT_ADDRESS} says otherwise).
 */
@RestController
class HealthProbes {

    private final HealthEndpoint health;

    HealthProbes(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health/readiness", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> readiness() {
        return probe("readiness");
    }

    @GetMapping(path = "/actuator/health/liveness", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> liveness() {
        return probe("liveness");
    }

    private ResponseEntity<Map<String, String>> probe(String group) {
        HealthDescriptor descriptor = health.healthForPath(group);
        Status status = descriptor == null ? Status.UNKNOWN : descriptor.getStatus();
        return ResponseEntity.status(Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .cacheControl(CacheControl.noStore())
                .body(Map.of("status", status.getCode()));
    }
}
