package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParamsArgumentResolverTests {

    @Test
    void plainKeysBecomeFields() {
        assertThat(ParamsArgumentResolver.fromParameters(Map.of("username", new String[] {"ana"})).toString())
                .isEqualTo("{\"username\":\"ana\"}");
    }

    @Test
    void bracketedKeysBecomeArrays() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("id[]", new String[] {"1", "2"});
        assertThat(ParamsArgumentResolver.fromParameters(parameters).toString()).isEqualTo("{\"id\":[\"1\",\"2\"]}");
    }

    @Test
    void nestedKeysBecomeObjects() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("fields_attributes[0][name]", new String[] {"site"});
        parameters.put("fields_attributes[0][value]", new String[] {"example.com"});
        assertThat(ParamsArgumentResolver.fromParameters(parameters).toString())
                .isEqualTo("{\"fields_attributes\":{\"0\":{\"name\":\"site\",\"value\":\"example.com\"}}}");
    }

    @Test
    void keyPathsAreParsed() {
        assertThat(ParamsArgumentResolver.parseKey("a")).isEqualTo(List.of("a"));
        assertThat(ParamsArgumentResolver.parseKey("a[]")).isEqualTo(List.of("a", ""));
        assertThat(ParamsArgumentResolver.parseKey("a[b][c]")).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void unbalancedBracketsAreRefused() {
        assertThat(ParamsArgumentResolver.parseKey("a[b")).isNull();
        assertThat(ParamsArgumentResolver.parseKey("[a]")).isNull();
        assertThat(ParamsArgumentResolver.parseKey("a[]b")).isNull();
        assertThat(ParamsArgumentResolver.parseKey("a[][b]")).isNull();
        assertThatThrownBy(() -> ParamsArgumentResolver.fromParameters(Map.of("a[b", new String[] {"x"})))
                .isInstanceOf(InvalidParametersException.class);
    }
}
