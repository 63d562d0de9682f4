package com.graminsta.notifications;

import java.util.List;

/**
 * Which notifications a list shows: only these types (all when empty), none of those, and only
 * from one account (any when null). Unknown type names match nothing.
 */
record NotificationFilter(List<String> types, List<String> excludeTypes, Long fromAccountId) {

    static final NotificationFilter ALL = new NotificationFilter(List.of(), List.of(), null);

    NotificationFilter {
        types = types == null ? List.of() : List.copyOf(types);
        excludeTypes = excludeTypes == null ? List.of() : List.copyOf(excludeTypes);
    }
}
