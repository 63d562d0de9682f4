import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Account } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { api } from '../app/services';
import { messageOf, PagedList } from '../lib/paged';
import { useSubscription } from '../lib/store';
import { LoadMore } from '../ui/LoadMore';
import { AccountRow, ErrorNote, PageTitle } from '../ui/misc';

/** The followers or the followed accounts of a profile. */
export function AccountList({ acct, kind }: { acct: string; kind: 'followers' | 'following' }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.accounts.lookup(acct).then(setAccount, (failure) => setError(messageOf(failure)));
  }, [acct]);
  const list = useMemo(
    () =>
      account
        ? new PagedList<Account>(
            () => (kind === 'followers' ? api.accounts.followers(account.id) : api.accounts.following(account.id)),
            (url) => api.page<Account>(url),
          )
        : null,
    [account, kind],
  );
  return (
    <div class="account-list-page">
      <PageTitle>{kind === 'followers' ? 'Followers' : 'Following'}</PageTitle>
      <p>
        <Link href={paths.profile(acct)}>← {acct}</Link>
      </p>
      {error && <ErrorNote message={error} />}
      {list && <Accounts list={list} empty={kind === 'followers' ? 'No followers yet.' : 'Not following anyone yet.'} />}
    </div>
  );
}

function Accounts({ list, empty }: { list: PagedList<Account>; empty: string }) {
  const state = useSubscription(list, () => list.state);
  return (
    <>
      {state.loaded && state.items.length === 0 && <p class="muted">{empty}</p>}
      <ul class="account-list">
        {state.items.map((account) => (
          <li key={account.id}>
            <AccountRow account={account} />
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
