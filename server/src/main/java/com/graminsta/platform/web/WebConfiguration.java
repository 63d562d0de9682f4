package com.graminsta.platform.web;

import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import com.graminsta.platform.GraminstaSettings;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /**
     * Mastodon (Rails) answers every route with or without a trailing slash, and some clients
     * call {@code /api/v1/instance/}. One rule for every path: the request is seen without its
     * trailing slash by everything after this filter. It runs before Spring Security's filters
     * (order -100), so each security rule meets the same path the controller does and a slash
     * cannot slip past one.
     */
    static final int TRAILING_SLASH_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /**
     * The API description names the configured public URL as its server; springdoc would
     * otherwise write whatever Host or X-Forwarded-Host the request carried.
     */
    @Bean
    OpenAPI openApi(GraminstaSettings settings) {
        // A RenderedJson<AccountJson> is described as the AccountJson it was written from.
        SpringDocUtils.getConfig().addResponseWrapperToIgnore(RenderedJson.class);
        return new OpenAPI().servers(List.of(new Server().url(settings.url(""))));
    }

    /** Request mappings tried path first ({@link PathFirstMappings}). */
    @Bean
    WebMvcRegistrations pathFirstMappings() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PathFirstMappings();
            }
        };
    }

    /** Ahead of Jackson, which would otherwise write a {@link RenderedJson} as an object. */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.addCustomConverter(new RenderedJsonConverter());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ParamsArgumentResolver());
    }

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
        FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(
                UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
        registration.setOrder(TRAILING_SLASH_ORDER);
        return registration;
    }
}
