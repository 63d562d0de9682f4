package com.graminsta.accounts;

import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import com.graminsta.platform.web.RenderedJson;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Reading accounts (on a read replica from stage 6), and editing one's own. */
@RestController
@RequestMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
class AccountController {

    static final int SEARCH_DEFAULT_LIMIT = 40;
    static final int SEARCH_MAX_LIMIT = 80;
    static final int SEARCH_QUERY_MAX = 100;

    private final Accounts accounts;
    private final AccountViews views;
    private final AccountVisibility visibility;
    private final ProfileService profiles;
    private final Credentials credentials;
    private final FollowRequestCount followRequests;

    AccountController(Accounts accounts, AccountViews views, AccountVisibility visibility, ProfileService profiles,
                      Credentials credentials, FollowRequestCount followRequests) {
        this.accounts = accounts;
        this.views = views;
        this.visibility = visibility;
        this.profiles = profiles;
        this.credentials = credentials;
        this.followRequests = followRequests;
    }

    @GetMapping("/verify_credentials")
    @PreAuthorize("hasAuthority('SCOPE_read:accounts')")
    @Transactional(readOnly = true)
    AccountJson verifyCredentials(@AuthenticationPrincipal Caller caller) {
        return withSource(caller.account());
    }

    record UpdateCredentials(String displayName, String note, Boolean locked) {
    }

    @PatchMapping("/update_credentials")
    @PreAuthorize("hasAuthority('SCOPE_write:accounts')")
    AccountJson updateCredentials(@AuthenticationPrincipal Caller caller, @Params UpdateCredentials update,
                                  @RequestParam(required = false) MultipartFile avatar) {
        long accountId = caller.account();
        profiles.update(accountId, new ProfileService.ProfileChanges(update.displayName(), update.note(), update.locked()),
                avatar);
        return withSource(accountId);
    }

    @GetMapping("/lookup")
    @Transactional(readOnly = true)
    AccountJson lookup(@AuthenticationPrincipal Caller caller, @RequestParam String acct) {
        String username = acct.startsWith("@") ? acct.substring(1) : acct;
        int at = username.indexOf('@');
        if (at >= 0) {
            // Only local accounts exist here; user@this-domain names one of them.
            username = username.substring(0, at);
        }
        if (username.isEmpty() || username.length() > AccountRules.USERNAME_MAX) {
            throw ApiException.notFound();
        }
        return visible(accounts.findByUsername(username).orElseThrow(ApiException::notFound), caller);
    }

    @GetMapping("/search")
    @PreAuthorize("hasAuthority('SCOPE_read:accounts')")
    @Transactional(readOnly = true)
    List<AccountJson> search(@AuthenticationPrincipal Caller caller, @RequestParam String q,
                             @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) Integer offset) {
        String query = q.strip();
        if (query.startsWith("@")) {
            query = query.substring(1);
        }
        if (query.isEmpty()) {
            return List.of();
        }
        if (query.length() > SEARCH_QUERY_MAX) {
            throw ApiException.unprocessable("Validation failed: Query is too long (maximum is " + SEARCH_QUERY_MAX + " characters)");
        }
        int size = Math.clamp(limit == null ? SEARCH_DEFAULT_LIMIT : limit, 1, SEARCH_MAX_LIMIT);
        int skip = Math.max(0, offset == null ? 0 : offset);
        Long viewer = Caller.viewer(caller);
        return accounts.search(query, size, skip).stream()
                .filter(account -> !visibility.hiddenFrom(account.id(), viewer))
                .map(views::render)
                .toList();
    }

    /**
     * A public profile, read far more than it changes, is answered from caches alone: the
     * account and the viewer's blocks are cached, and the JSON is kept per version of the
     * account. No read-only transaction: a hit needs no connection, and a miss loads from the
     * primary in any case ({@code Cache} reads through {@code PrimaryReads}), so one would only
     * cost its set-up (decision 0038).
     */
    @GetMapping("/{id}")
    RenderedJson<AccountJson> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Account account = accounts.findById(Ids.parse(id)).orElseThrow(ApiException::notFound);
        requireVisible(account, caller);
        return views.renderJson(account);
    }

    private AccountJson visible(Account account, Caller caller) {
        requireVisible(account, caller);
        return views.render(account);
    }

    private void requireVisible(Account account, Caller caller) {
        if (visibility.hiddenFrom(account.id(), Caller.viewer(caller))) {
            throw ApiException.notFound();
        }
    }

    private AccountJson withSource(long accountId) {
        Account account = accounts.findById(accountId).orElseThrow(ApiException::notFound);
        AccountJson.Source source = new AccountJson.Source(
                account.locked() ? "private" : "public", false, credentials.locale(accountId), account.note(),
                List.of(), followRequests.pendingFor(accountId));
        return views.render(account, source);
    }
}
