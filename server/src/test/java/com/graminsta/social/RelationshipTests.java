package com.graminsta.social;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelationshipTests {

    private static Relationship.Edges none(long id) {
        return new Relationship.Edges(id, false, false, false, false, false, false, false, false);
    }

    @Test
    void noEdgesIsAllFalseWithMastodonsNeutralValues() {
        Relationship relationship = Relationship.of(none(42));

        assertThat(relationship.id()).isEqualTo("42");
        assertThat(relationship.following()).isFalse();
        assertThat(relationship.showingReblogs()).isFalse();
        assertThat(relationship.notifying()).isFalse();
        assertThat(relationship.languages()).isNull();
        assertThat(relationship.domainBlocking()).isFalse();
        assertThat(relationship.endorsed()).isFalse();
        assertThat(relationship.note()).isEmpty();
    }

    @Test
    void followingAndRequestingShowReblogs() {
        assertThat(Relationship.of(new Relationship.Edges(1, true, false, false, false, false, false, false, false))
                .showingReblogs()).isTrue();
        assertThat(Relationship.of(new Relationship.Edges(1, false, false, true, false, false, false, false, false))
                .showingReblogs()).isTrue();
        assertThat(Relationship.of(new Relationship.Edges(1, false, true, false, true, false, false, false, false))
                .showingReblogs()).isFalse();
    }

    @Test
    void notificationsAreMutedOnlyWithAMuteThatHidesThem() {
        Relationship hiding = Relationship.of(new Relationship.Edges(1, false, false, false, false, false, false, true, true));
        Relationship keeping = Relationship.of(new Relationship.Edges(1, false, false, false, false, false, false, true, false));

        assertThat(hiding.muting()).isTrue();
        assertThat(hiding.mutingNotifications()).isTrue();
        assertThat(keeping.muting()).isTrue();
        assertThat(keeping.mutingNotifications()).isFalse();
    }

    @Test
    void edgesMapToTheirFields() {
        Relationship relationship = Relationship.of(
                new Relationship.Edges(7, true, true, false, true, true, false, false, false));

        assertThat(relationship.following()).isTrue();
        assertThat(relationship.followedBy()).isTrue();
        assertThat(relationship.requested()).isFalse();
        assertThat(relationship.requestedBy()).isTrue();
        assertThat(relationship.blocking()).isTrue();
        assertThat(relationship.blockedBy()).isFalse();
    }
}
