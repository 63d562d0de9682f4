import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Account } from '../api/entities';
import { api, session, toast } from '../app/services';
import { messageOf, PagedList } from '../lib/paged';
import { useSubscription } from '../lib/store';
import { LoadMore } from '../ui/LoadMore';
import { AccountRow, PageTitle } from '../ui/misc';

export function FollowRequests() {
  const list = useMemo(
    () => new PagedList<Account>(() => api.followRequests.list(), (url) => api.page<Account>(url)),
    [],
  );
  const state = useSubscription(list, () => list.state);
  const [done, setDone] = useState<Record<string, 'approved' | 'rejected'>>({});

  useEffect(() => {
    void list.load();
  }, [list]);

  const decide = async (account: Account, approve: boolean) => {
    try {
      await (approve ? api.followRequests.authorize(account.id) : api.followRequests.reject(account.id));
      setDone((current) => ({ ...current, [account.id]: approve ? 'approved' : 'rejected' }));
      void session.refreshAccount().catch(() => {});
    } catch (error) {
      toast(`Could not ${approve ? 'approve' : 'reject'} the request: ${messageOf(error)}`);
    }
  };

  return (
    <div class="follow-requests">
      <PageTitle>Follow requests</PageTitle>
      {state.loaded && state.items.length === 0 && <p class="muted">No one is waiting for your approval.</p>}
      <ul class="account-list">
        {state.items.map((account) => (
          <li key={account.id}>
            <AccountRow account={account}>
              {done[account.id] ? (
                <span class="muted" role="status">
                  {done[account.id] === 'approved' ? 'Approved' : 'Rejected'}
                </span>
              ) : (
                <>
                  <button type="button" class="button small" aria-label={`Approve ${account.acct}`} onClick={() => void decide(account, true)}>
                    Approve
                  </button>
                  <button type="button" class="button secondary small" aria-label={`Reject ${account.acct}`} onClick={() => void decide(account, false)}>
                    Reject
                  </button>
                </>
              )}
            </AccountRow>
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </div>
  );
}
