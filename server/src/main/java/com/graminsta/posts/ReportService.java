package com.graminsta.posts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import com.graminsta.accounts.Account;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Filing reports. A report is only recorded; moderation comes later. An account can be reported
 * even when it blocks the reporter: blocking someone must not shield one from their report.
 */
@Service
class ReportService {

    private final Reports reports;
    private final Accounts accounts;
    private final AccountViews accountViews;

    ReportService(Reports reports, Accounts accounts, AccountViews accountViews) {
        this.reports = reports;
        this.accounts = accounts;
        this.accountViews = accountViews;
    }

    record NewReport(long targetAccountId, List<Long> statusIds, String comment, String category, List<String> ruleIds,
                     boolean forward) {
    }

    @Transactional
    ReportJson file(long reporterId, NewReport request) {
        Account target = accounts.findById(request.targetAccountId()).orElseThrow(ApiException::notFound);
        if (target.id() == reporterId) {
            throw StatusRules.invalid("You cannot report yourself");
        }
        String comment = request.comment() == null ? "" : request.comment().strip();
        if (StatusRules.length(comment) > StatusRules.REPORT_COMMENT_MAX) {
            throw StatusRules.invalid("Comment is too long (maximum is " + StatusRules.REPORT_COMMENT_MAX + " characters)");
        }
        if (request.ruleIds() != null && !request.ruleIds().isEmpty()) {
            // The instance lists no rules, so no rule id names one.
            throw StatusRules.invalid("Rules are not valid");
        }
        String category = request.category() == null || request.category().isBlank()
                ? "other" : request.category().strip().toLowerCase(Locale.ROOT);
        if (!StatusRules.REPORT_CATEGORIES.contains(category)) {
            throw StatusRules.invalid("Category is not one of " + String.join(", ", StatusRules.REPORT_CATEGORIES));
        }
        List<Long> statusIds = new ArrayList<>(new LinkedHashSet<>(request.statusIds()));
        if (statusIds.size() > StatusRules.REPORT_STATUSES_MAX) {
            throw StatusRules.invalid("Too many statuses (maximum is " + StatusRules.REPORT_STATUSES_MAX + ")");
        }
        if (!new LinkedHashSet<>(reports.reportable(reporterId, target.id(), statusIds)).containsAll(statusIds)) {
            throw ApiException.notFound();
        }
        Reports.Report report = reports.add(reporterId, target.id(), statusIds, comment, category, request.forward());
        return new ReportJson(Long.toString(report.id()), false, null, report.category(), report.comment(), false,
                report.createdAt(), report.statusIds().stream().map(String::valueOf).toList(), List.of(),
                accountViews.render(target));
    }
}
