package com.graminsta.platform.web;

/**
 * A stopping instance is out of its load balancers' rotation: half-way through its drain (at
 * once without one), new requests go elsewhere. Long-lived connections, which would otherwise
 * hold the stop until the drain's bound, end now, and their clients reconnect to another instance.
 */
public record OutOfRotation() {
}
