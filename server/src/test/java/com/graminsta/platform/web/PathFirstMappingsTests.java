package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.util.pattern.PathPatternParser;

class PathFirstMappingsTests {

    private static String prefix(String... patterns) {
        return PathFirstMappings.literalPrefix(new PathPatternsRequestCondition(PathPatternParser.defaultInstance, patterns));
    }

    @Test
    void aPatternStartsWithTheTextBeforeTheSegmentOfItsFirstVariableOrWildcard() {
        assertThat(prefix("/api/v1/accounts/{id}")).isEqualTo("/api/v1/accounts");
        assertThat(prefix("/api/v1/accounts/{id}/statuses")).isEqualTo("/api/v1/accounts");
        assertThat(prefix("/api/v1/custom_emojis")).isEqualTo("/api/v1/custom_emojis");
        assertThat(prefix("/files/f?o")).isEqualTo("/files");
    }

    @Test
    void everyPathAPatternMatchesStartsWithItsPrefix() {
        for (String[] matched : new String[][] {
                {"/media/**", "/media"}, {"/media/**", "/media/a/b"}, {"/files/{*rest}", "/files"},
                {"/api/v1/accounts/{id}", "/api/v1/accounts/1"}, {"/files/f?o", "/files/fao"}}) {
            assertThat(PathPatternParser.defaultInstance.parse(matched[0]).matches(PathContainer.parsePath(matched[1])))
                    .as(matched[0] + " matches " + matched[1]).isTrue();
            assertThat(matched[1]).startsWith(prefix(matched[0]));
        }
    }

    @Test
    void severalPatternsShareTheTextTheyAllStartWith() {
        assertThat(prefix("/api/v1/timelines/home", "/api/v1/timelines/public")).isEqualTo("/api/v1/timelines/");
        assertThat(prefix("/a", "/b/{id}")).isEqualTo("/");
    }
}
