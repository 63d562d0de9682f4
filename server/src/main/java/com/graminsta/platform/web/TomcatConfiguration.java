package com.graminsta.platform.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** What Tomcat trusts: forwarding headers only from the configured proxies (see {@link TrustedProxies}). */
@Component
class TomcatConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final TrustedProxies proxies;

    TomcatConfiguration(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!proxies.trustedProxies().isEmpty()) {
            factory.addEngineValves(proxies.valve());
        }
    }
}
