package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.graminsta.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRulesTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "ana_b", "Z9", "abcdefghijklmnopqrstuvwxyz0123"})
    void acceptsUsernamesOfLettersDigitsAndUnderscores(String username) {
        assertThat(AccountRules.username(username)).isEqualTo(username);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ana.b", "ana-b", "ana b", "é", "abcdefghijklmnopqrstuvwxyz01234", "admin", "API", "Root"})
    void refusesOtherUsernames(String username) {
        assertThatThrownBy(() -> AccountRules.username(username)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status().value()).isEqualTo(422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "qwertyuiop", "iloveyou1", "password123", "letmein!", "abcdefgh"})
    void refusesCommonPasswords(String password) {
        assertThatThrownBy(() -> AccountRules.password(password)).isInstanceOf(ApiException.class)
                .hasMessageContaining("common");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Correct-Horse-Battery", "tr0ub4dor&3-zebra", "mauve kettle umbrella"})
    void acceptsStrongPasswords(String password) {
        assertThat(AccountRules.password(password)).isEqualTo(password);
    }

    @Test
    void passwordsHaveLengthLimits() {
        assertThatThrownBy(() -> AccountRules.password("Ab1-x9z")).hasMessageContaining("too short");
        assertThatThrownBy(() -> AccountRules.password("Xy7-".repeat(33))).hasMessageContaining("too long");
        assertThat(AccountRules.password("Q7#mv-".repeat(21) + "Zk")).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a@b", "a b@example.com", "@example.com", "a@@example.com"})
    void refusesMalformedEmails(String email) {
        assertThatThrownBy(() -> AccountRules.email(email)).isInstanceOf(ApiException.class);
    }

    @Test
    void refusesOverlongProfileFields() {
        assertThatThrownBy(() -> AccountRules.email("a".repeat(250) + "@example.com")).hasMessageContaining("too long");
        assertThatThrownBy(() -> AccountRules.displayName("x".repeat(31))).hasMessageContaining("too long");
        assertThat(AccountRules.displayName("😀".repeat(30))).isNotEmpty();
        assertThatThrownBy(() -> AccountRules.note("x".repeat(501))).hasMessageContaining("too long");
    }
}
