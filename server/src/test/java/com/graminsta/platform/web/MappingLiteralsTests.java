package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPatternParser;

class MappingLiteralsTests {

    @Test
    void aPatternStartsWithTheTextBeforeTheSegmentOfItsFirstVariableOrWildcard() {
        assertThat(MappingLiterals.prefix("/api/v1/accounts/{id}")).isEqualTo("/api/v1/accounts");
        assertThat(MappingLiterals.prefix("/api/v1/accounts/{id}/statuses")).isEqualTo("/api/v1/accounts");
        assertThat(MappingLiterals.prefix("/api/v1/custom_emojis")).isEqualTo("/api/v1/custom_emojis");
        assertThat(MappingLiterals.prefix("/files/f?o")).isEqualTo("/files");
        assertThat(MappingLiterals.prefix("/{*rest}")).isEmpty();
    }

    @Test
    void aPatternEndsWithTheTextAfterItsLastVariableOrWildcard() {
        assertThat(MappingLiterals.suffix("/api/v1/accounts/{id}")).isEmpty();
        assertThat(MappingLiterals.suffix("/api/v1/accounts/{id}/statuses")).isEqualTo("/statuses");
        assertThat(MappingLiterals.suffix("/media/**")).isEmpty();
        assertThat(MappingLiterals.suffix("/files/{name}.json")).isEqualTo(".json");
        assertThat(MappingLiterals.suffix("/files/f?o")).isEqualTo("o");
    }

    @Test
    void everyPathAPatternMatchesStartsWithItsPrefixAndEndsWithItsSuffix() {
        for (String[] matched : new String[][] {
                {"/media/**", "/media"}, {"/media/**", "/media/a/b"}, {"/files/{*rest}", "/files"},
                {"/api/v1/accounts/{id}", "/api/v1/accounts/1"}, {"/files/f?o", "/files/fao"},
                {"/api/v1/accounts/{id}/statuses", "/api/v1/accounts/1/statuses"}, {"/files/{name}.json", "/files/a.json"}}) {
            assertThat(PathPatternParser.defaultInstance.parse(matched[0]).matches(PathContainer.parsePath(matched[1])))
                    .as(matched[0] + " matches " + matched[1]).isTrue();
            assertThat(matched[1]).startsWith(MappingLiterals.prefix(matched[0])).endsWith(MappingLiterals.suffix(matched[0]));
            assertThat(literalsOf(matched[0]).candidates(matched[1])).as(matched[0] + " is a candidate for " + matched[1]).hasSize(1);
        }
    }

    @Test
    void aPathFindsOnlyTheMappingsWhosePrefixAndSuffixFitIt() {
        RequestMappingInfo profile = mapping("/api/v1/accounts/{id}");
        RequestMappingInfo posts = mapping("/api/v1/accounts/{id}/statuses");
        RequestMappingInfo lookup = mapping("/api/v1/accounts/lookup");
        RequestMappingInfo media = mapping("/media/**");
        RequestMappingInfo anything = mapping("/{*rest}");
        MappingLiterals literals = new MappingLiterals();
        for (RequestMappingInfo mapping : new RequestMappingInfo[] {profile, posts, lookup, media, anything}) {
            literals.add(mapping);
        }

        assertThat(literals.candidates("/api/v1/accounts/1")).containsExactlyInAnyOrder(profile, anything);
        assertThat(literals.candidates("/api/v1/accounts/1/statuses")).containsExactlyInAnyOrder(profile, posts, anything);
        assertThat(literals.candidates("/api/v1/accounts/lookup")).containsExactlyInAnyOrder(profile, lookup, anything);
        assertThat(literals.candidates("/media")).containsExactlyInAnyOrder(media, anything);
        assertThat(literals.candidates("/api/v1/statuses/1")).containsExactly(anything);

        literals.remove(anything);
        assertThat(literals.candidates("/api/v1/statuses/1")).isEmpty();
    }

    @Test
    void aPathMatchedByItsDecodedSegmentsHasEveryMappingTried() {
        MappingLiterals literals = literalsOf("/api/v1/accounts/{id}");
        assertThat(literals.candidates("/api/v1/account%73/1")).isNull();
        assertThat(literals.candidates("/api/v1/accounts;x=1/1")).isNull();
    }

    @Test
    void aMappingIsFoundByAnyOfItsPatterns() {
        RequestMappingInfo timelines = mapping("/api/v1/timelines/home", "/api/v1/timelines/tag/{hashtag}");
        MappingLiterals literals = new MappingLiterals();
        literals.add(timelines);
        assertThat(literals.candidates("/api/v1/timelines/home")).containsOnly(timelines);
        assertThat(literals.candidates("/api/v1/timelines/tag/sea")).containsOnly(timelines);
        assertThat(literals.candidates("/api/v1/timelines/public")).isEmpty();
    }

    private static MappingLiterals literalsOf(String pattern) {
        MappingLiterals literals = new MappingLiterals();
        literals.add(mapping(pattern));
        return literals;
    }

    private static RequestMappingInfo mapping(String... patterns) {
        RequestMappingInfo.BuilderConfiguration options = new RequestMappingInfo.BuilderConfiguration();
        options.setPatternParser(PathPatternParser.defaultInstance);
        return RequestMappingInfo.paths(patterns).options(options).build();
    }
}
