package com.graminsta.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheMetricsTests {

    @Test
    void readsHitsAndMissesPerCacheFromPrometheusText() {
        Map<String, long[]> caches = CacheMetrics.parse("""
                # HELP graminsta_cache_hits_total Reads answered by the cache
                # TYPE graminsta_cache_hits_total counter
                graminsta_cache_hits_total{application="graminsta",cache="account"} 1234.0
                graminsta_cache_hits_total{cache="status"} 7.0
                # HELP graminsta_cache_misses_total Reads the cache could not answer
                graminsta_cache_misses_total{application="graminsta",cache="account"} 66.0
                graminsta_cache_loads_total{cache="account"} 70.0
                jvm_threads_live_threads 42.0
                """);
        assertThat(caches).containsOnlyKeys("account", "status");
        assertThat(caches.get("account")).containsExactly(1234, 66);
        assertThat(caches.get("status")).containsExactly(7, 0);
    }
}
