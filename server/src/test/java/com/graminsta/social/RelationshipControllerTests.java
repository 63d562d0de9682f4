package com.graminsta.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import com.graminsta.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class RelationshipControllerTests {

    @Test
    void idsKeepTheirOrderWithoutRepeats() {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        parameters.add("id[]", "3");
        parameters.add("id[]", "1");
        parameters.add("id[]", "3");
        parameters.add("id[]", " 2 ");

        assertThat(RelationshipController.accountIds(parameters)).containsExactly(3L, 1L, 2L);
    }

    @Test
    void aBareIdCountsToo() {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        parameters.add("id", "5");

        assertThat(RelationshipController.accountIds(parameters)).containsExactly(5L);
    }

    @Test
    void whatIsNotAnIdIsSkipped() {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        parameters.add("id[]", "abc");
        parameters.add("id[]", "");
        parameters.add("id[]", "99999999999999999999999");
        parameters.add("id[]", "8");

        assertThat(RelationshipController.accountIds(parameters)).containsExactly(8L);
    }

    @Test
    void noIdsIsAnEmptyList() {
        assertThat(RelationshipController.accountIds(new LinkedMultiValueMap<>())).isEmpty();
    }

    @Test
    void moreIdsThanAPageAreRefused() {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        IntStream.rangeClosed(1, RelationshipController.MAX_IDS + 1).forEach(n -> parameters.add("id[]", "" + n));

        assertThatThrownBy(() -> RelationshipController.accountIds(parameters))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));
    }

    @Test
    void exactlyAPageOfIdsIsFine() {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        IntStream.rangeClosed(1, RelationshipController.MAX_IDS).forEach(n -> parameters.add("id[]", "" + n));
        parameters.add("id[]", "1");

        assertThat(RelationshipController.accountIds(parameters)).hasSize(RelationshipController.MAX_IDS);
    }
}
