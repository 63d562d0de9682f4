package com.graminsta.platform.web;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The load balancers and reverse proxies whose {@code X-Forwarded-For} names the client, as
 * CIDR blocks ({@code GRAMINSTA_TRUSTED_PROXIES=10.0.0.0/8,192.168.0.0/16}); a bare address
 * counts as one host. None by default: then the client address is the peer of the TCP
 * connection, and a forwarding header from anyone changes nothing. Per-address rate limits rest
 * on this, so a proxy that is not listed makes every client look like the proxy, and a client
 * that could reach the server around a listed proxy could name any address it likes.
 */
@ConfigurationProperties("graminsta")
record TrustedProxies(@DefaultValue List<String> trustedProxies) {

    TrustedProxies {
        List<String> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String block = entry.strip();
            if (block.isEmpty()) {
                continue;
            }
            if (block.indexOf('/') < 0) {
                block += block.indexOf(':') >= 0 ? "/128" : "/32";
            }
            try {
                new NetMask(block);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GRAMINSTA_TRUSTED_PROXIES: not a CIDR block: " + entry, e);
            }
            blocks.add(block);
        }
        trustedProxies = List.copyOf(blocks);
    }

    /**
     * Tomcat's own valve, walking {@code X-Forwarded-For} from the right past the trusted hops:
     * the first untrusted address is the client. It touches nothing else, neither the scheme nor
     * the host, which come from the configured public URL wherever the server writes a link.
     */
    RemoteIpValve valve() {
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies(String.join(",", trustedProxies));
        valve.setTrustedProxies(null);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader(null);
        valve.setHostHeader(null);
        valve.setPortHeader(null);
        return valve;
    }
}
