package com.graminsta.posts;

import java.util.ArrayList;
import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/v1/reports. */
@RestController
class ReportController {

    private final ReportService service;

    ReportController(ReportService service) {
        this.service = service;
    }

    /** {@code forward_to_domains} is accepted and ignored: there are no other domains. */
    record ReportParams(String accountId, List<String> statusIds, String comment, String category, List<String> ruleIds,
                        Boolean forward) {

        ReportService.NewReport toNewReport() {
            List<Long> statuses = new ArrayList<>();
            for (String id : statusIds == null ? List.<String>of() : statusIds) {
                statuses.add(Ids.parse(id == null ? null : id.strip()));
            }
            return new ReportService.NewReport(Ids.parse(accountId), statuses, comment, category, ruleIds,
                    Boolean.TRUE.equals(forward));
        }
    }

    @PostMapping(path = "/api/v1/reports", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:reports')")
    ReportJson report(@AuthenticationPrincipal Caller caller, @Params ReportParams params) {
        long reporter = caller.account();
        return service.file(reporter, params.toNewReport());
    }
}
