/**
 * The connection to Redis from stage 6 (a single server or a cluster), made before the server
 * takes requests (to each primary of a cluster) or, when Redis is down then, on a later use, with
 * short timeouts and a circuit breaker: callers treat {@link com.graminsta.platform.redis.RedisUnavailableException}
 * as "go without Redis".
 */
package com.graminsta.platform.redis;
