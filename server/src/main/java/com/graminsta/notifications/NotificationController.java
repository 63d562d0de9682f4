package com.graminsta.notifications;

import java.util.List;
import java.util.Map;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications. Dismissing and clearing answer Mastodon's empty object. */
@RestController
@RequestMapping(path = "/api/v1/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_read:notifications')")
    ResponseEntity<List<NotificationJson>> list(@AuthenticationPrincipal Caller caller,
                                                @Params NotificationParams params) {
        long recipient = caller.account();
        return notifications.page(recipient, params.filter(), params.paging()).response();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_read:notifications')")
    NotificationJson get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long recipient = caller.account();
        return notifications.get(recipient, Ids.parse(id));
    }

    @PostMapping("/{id}/dismiss")
    @PreAuthorize("hasAuthority('SCOPE_write:notifications')")
    Map<String, Object> dismiss(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long recipient = caller.account();
        notifications.dismiss(recipient, Ids.parse(id));
        return Map.of();
    }

    @PostMapping("/clear")
    @PreAuthorize("hasAuthority('SCOPE_write:notifications')")
    Map<String, Object> clear(@AuthenticationPrincipal Caller caller) {
        long recipient = caller.account();
        notifications.clear(recipient);
        return Map.of();
    }
}
