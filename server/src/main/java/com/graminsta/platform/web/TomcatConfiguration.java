package com.graminsta.platform.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * What Tomcat trusts: forwarding headers only from the configured proxies (see {@link TrustedProxies});
 * form bodies parsed for every method, so that none is read whole outside Tomcat's limit.
 */
@Component
class TomcatConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final TrustedProxies proxies;

    TomcatConfiguration(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Mastodon clients send PUT and PATCH as forms too; Tomcat's parser keeps to max-http-form-post-size.
        factory.addConnectorCustomizers(connector -> connector.setParseBodyMethods("POST,PUT,PATCH,DELETE"));
        if (!proxies.trustedProxies().isEmpty()) {
            factory.addEngineValves(proxies.valve());
        }
    }
}
