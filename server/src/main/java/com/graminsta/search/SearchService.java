package com.graminsta.search;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.graminsta.accounts.AccountJson;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.AccountVisibility;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.web.ApiException;
import com.graminsta.posts.StatusJson;
import com.graminsta.posts.StatusViews;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriUtils;

/** Answers a search in one read-only transaction. */
@Service
class SearchService {

    /** What to look for, by Mastodon's names for the {@code type} parameter. */
    enum Kind {
        ACCOUNTS, HASHTAGS, STATUSES
    }

    private final Accounts accounts;
    private final AccountViews accountViews;
    private final AccountVisibility accountVisibility;
    private final Hashtags hashtags;
    private final StatusViews statusViews;
    private final GraminstaSettings settings;

    SearchService(Accounts accounts, AccountViews accountViews, AccountVisibility accountVisibility, Hashtags hashtags,
                  StatusViews statusViews, GraminstaSettings settings) {
        this.accounts = accounts;
        this.accountViews = accountViews;
        this.accountVisibility = accountVisibility;
        this.hashtags = hashtags;
        this.statusViews = statusViews;
        this.settings = settings;
    }

    /**
     * Accounts whose username or display name starts with the query ({@code @name} and
     * {@code name@this-domain} too); hashtags that start with it ({@code #cat} finds
     * {@code #cats}); and the posts under the hashtag it names exactly.
     */
    @Transactional(readOnly = true)
    SearchResults search(String query, Set<Kind> kinds, Long viewerId, int limit, int offset) {
        List<AccountJson> foundAccounts = List.of();
        if (kinds.contains(Kind.ACCOUNTS) && !query.startsWith("#")) {
            foundAccounts = accounts(query, viewerId, limit, offset);
        }
        Optional<String> tag = Hashtags.name(query);
        List<TagJson> foundTags = List.of();
        List<StatusJson> foundStatuses = List.of();
        if (tag.isPresent() && kinds.contains(Kind.HASHTAGS)) {
            foundTags = hashtags.startingWith(tag.get(), viewerId, limit, offset).stream().map(this::render).toList();
        }
        if (tag.isPresent() && kinds.contains(Kind.STATUSES)) {
            foundStatuses = statusViews.render(hashtags.posts(tag.get(), viewerId, limit, offset), viewerId);
        }
        return new SearchResults(foundAccounts, foundStatuses, foundTags);
    }

    /** A tag anyone may look up, as long as a post the viewer may see uses it. */
    @Transactional(readOnly = true)
    TagJson tag(String name, Long viewerId) {
        return Hashtags.name(name)
                .flatMap(normalised -> hashtags.named(normalised, viewerId))
                .map(this::render)
                .orElseThrow(ApiException::notFound);
    }

    private List<AccountJson> accounts(String query, Long viewerId, int limit, int offset) {
        String username = query.startsWith("@") ? query.substring(1) : query;
        int at = username.indexOf('@');
        if (at >= 0) {
            // Only local accounts exist: name@this-domain is one of them, name@elsewhere is not.
            if (!username.substring(at + 1).equalsIgnoreCase(settings.domain())) {
                return List.of();
            }
            username = username.substring(0, at);
        }
        if (username.isEmpty()) {
            return List.of();
        }
        return accounts.search(username, limit, offset).stream()
                .filter(account -> !accountVisibility.hiddenFrom(account.id(), viewerId))
                .map(accountViews::render)
                .toList();
    }

    private TagJson render(Hashtags.Tag tag) {
        String url = settings.url("/tags/" + UriUtils.encodePathSegment(tag.name(), StandardCharsets.UTF_8));
        return new TagJson(Long.toString(tag.id()), tag.name(), url, List.of());
    }
}
