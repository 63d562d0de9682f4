package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.util.pattern.PathPatternParser;

class PathFirstMappingsTests {

    private static String prefix(String... patterns) {
        return PathFirstMappings.literalPrefix(new PathPatternsRequestCondition(PathPatternParser.defaultInstance, patterns));
    }

    @Test
    void aPatternStartsWithTheTextBeforeItsFirstVariableOrWildcard() {
        assertThat(prefix("/api/v1/accounts/{id}")).isEqualTo("/api/v1/accounts/");
        assertThat(prefix("/api/v1/accounts/{id}/statuses")).isEqualTo("/api/v1/accounts/");
        assertThat(prefix("/api/v1/custom_emojis")).isEqualTo("/api/v1/custom_emojis");
        assertThat(prefix("/media/**")).isEqualTo("/media/");
        assertThat(prefix("/files/f?o")).isEqualTo("/files/f");
    }

    @Test
    void severalPatternsShareTheTextTheyAllStartWith() {
        assertThat(prefix("/api/v1/timelines/home", "/api/v1/timelines/public")).isEqualTo("/api/v1/timelines/");
        assertThat(prefix("/a", "/b/{id}")).isEqualTo("/");
    }
}
