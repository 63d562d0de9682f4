package com.graminsta.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ScopesTests {

    @Test
    void topLevelScopesGrantTheirSubScopes() {
        assertThat(Scopes.expand(Set.of("write"))).contains("write", "write:accounts", "write:follows")
                .doesNotContain("read:accounts");
        assertThat(Scopes.expand(Set.of("follow"))).contains("read:follows", "write:blocks", "write:mutes");
    }

    @Test
    void subScopesDoNotGrantTheirParent() {
        assertThat(Scopes.expand(Set.of("read:accounts"))).containsExactly("read:accounts");
        assertThat(Scopes.within(Set.of("read"), Set.of("read:accounts"))).isFalse();
        assertThat(Scopes.within(Set.of("read:accounts"), Set.of("read"))).isTrue();
    }

    @Test
    void scopeStringsSplitOnSpacesAndPlusSigns() {
        assertThat(Scopes.parse("read write+follow")).containsExactly("read", "write", "follow");
        assertThat(Scopes.parse("  ")).containsExactly("read");
    }

    @Test
    void unknownScopesAreRecognised() {
        assertThat(Scopes.isKnown("admin:read")).isFalse();
        assertThat(Scopes.isKnown("write:media")).isTrue();
    }
}
