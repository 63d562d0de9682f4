import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../api/client';
import { REPORT_COMMENT_MAX, reportRequest } from './report';

describe('a report', () => {
  it('names the account and the post it was sent from', () => {
    expect(reportRequest({ accountId: '7', statusId: '99', comment: '  Stolen photo  ', category: 'other' })).toEqual({
      account_id: '7',
      status_ids: ['99'],
      comment: 'Stolen photo',
      category: 'other',
      forward: false,
    });
  });

  it('sends no posts when made from a profile', () => {
    const request = reportRequest({ accountId: '7', comment: '', category: 'spam' });
    expect(request).not.toHaveProperty('status_ids');
    expect(request).toMatchObject({ account_id: '7', comment: '', category: 'spam' });
  });

  it('allows a comment of exactly the server limit, counted in characters, and refuses a longer one', () => {
    const emoji = '📷'.repeat(REPORT_COMMENT_MAX);
    expect(emoji.length).toBe(2 * REPORT_COMMENT_MAX);
    expect(reportRequest({ accountId: '7', comment: emoji, category: 'other' }).comment).toBe(emoji);
    expect(() => reportRequest({ accountId: '7', comment: `${emoji}!`, category: 'other' })).toThrow(RangeError);
  });

  it('is posted as JSON to /api/v1/reports with the user token', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ id: '1', category: 'other', comment: 'x' }), { status: 200 }));
    const api = createApi({ baseUrl: 'https://social.test', token: () => 'user-token', fetch: fetchImpl as unknown as typeof fetch });
    await api.reports.create(reportRequest({ accountId: '7', statusId: '99', comment: 'x', category: 'other' }));
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://social.test/api/v1/reports');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer user-token');
    expect(JSON.parse(init.body as string)).toEqual({ account_id: '7', status_ids: ['99'], comment: 'x', category: 'other', forward: false });
  });

  it('shows the server refusal as an error', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ error: 'You cannot report yourself' }), { status: 422 }));
    const api = createApi({ baseUrl: 'https://social.test', token: () => 'user-token', fetch: fetchImpl as unknown as typeof fetch });
    await expect(api.reports.create(reportRequest({ accountId: '7', comment: '', category: 'other' }))).rejects.toThrow('You cannot report yourself');
  });
});
