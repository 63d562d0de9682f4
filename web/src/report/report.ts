// Reporting a person or one of their posts (POST /api/v1/reports). A report is recorded for the
// moderators; blocking, when asked for too, is a separate call made after the report went through.
import type { NewReport, ReportCategory } from '../api/client';

/** The server's limit (StatusRules.REPORT_COMMENT_MAX), counted in Unicode code points. */
export const REPORT_COMMENT_MAX = 1000;

export const REPORT_REASONS: readonly { value: ReportCategory; label: string }[] = [
  { value: 'spam', label: "It's spam" },
  { value: 'legal', label: "It's illegal" },
  { value: 'other', label: 'Something else' },
];

export function commentLength(comment: string): number {
  return [...comment].length;
}

export interface ReportForm {
  accountId: string;
  /** Set when reporting from a post: the post goes with the report. */
  statusId?: string | null;
  comment: string;
  category: ReportCategory;
}

export function reportRequest(form: ReportForm): NewReport {
  const comment = form.comment.trim();
  if (commentLength(comment) > REPORT_COMMENT_MAX) {
    throw new RangeError(`The comment is too long (at most ${REPORT_COMMENT_MAX.toLocaleString('en')} characters).`);
  }
  return {
    account_id: form.accountId,
    ...(form.statusId ? { status_ids: [form.statusId] } : {}),
    comment,
    category: form.category,
    // No other servers to forward to.
    forward: false,
  };
}
