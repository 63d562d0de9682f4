package com.graminsta.instance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smaller instance entities clients read beside /api/v1/instance. There are no rules, no
 * peers (Graminsta does not federate) and no translation, so those answer empty.
 */
@RestController
class InstanceDetailsController {

    /** The description is fixed in the code, so it last changed when this server started. */
    private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @GetMapping(path = {"/api/v1/instance/peers", "/api/v1/instance/rules"}, produces = MediaType.APPLICATION_JSON_VALUE)
    List<Object> peersAndRules() {
        return List.of();
    }

    @GetMapping(path = "/api/v1/instance/translation_languages", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<String>> translationLanguages() {
        return Map.of();
    }

    @GetMapping(path = "/api/v1/instance/extended_description", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> extendedDescription() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("updated_at", STARTED.toString());
        description.put("content", "<p>" + InstanceController.DESCRIPTION + "</p>");
        return description;
    }
}
