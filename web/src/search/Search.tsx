import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Account, type TagResult } from '../api/client';
import { Link, navigate, useLocation } from '../app/router';
import { paths } from '../app/routes';
import { api } from '../app/services';
import { messageOf } from '../lib/paged';
import { AccountRow, ErrorNote, PageTitle, Spinner } from '../ui/misc';

interface Results {
  accounts: Account[];
  hashtags: TagResult[];
}

/** People and hashtags. Uses /api/v2/search, or account search alone where that is missing. */
async function searchFor(q: string): Promise<Results> {
  try {
    const results = await api.search(q);
    return { accounts: results.accounts, hashtags: results.hashtags };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
      return { accounts: await api.accounts.search(q, 20), hashtags: [] };
    }
    throw error;
  }
}

export function Search() {
  const location = useLocation();
  const initial = location.search.get('q') ?? '';
  const [query, setQuery] = useState(initial);
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      setError(null);
      return;
    }
    const run = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      searchFor(q)
        .then((found) => run === latest.current && (setResults(found), setError(null)))
        .catch((failure) => run === latest.current && setError(messageOf(failure)))
        .finally(() => run === latest.current && setLoading(false));
      navigate(`/search?q=${encodeURIComponent(q)}`, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  const tagFromQuery = query.trim().replace(/^#/, '');

  return (
    <div class="search">
      <PageTitle visible={false}>Search</PageTitle>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label for="search-input" class="sr-only">
          Search people and hashtags
        </label>
        <input
          id="search-input"
          type="search"
          placeholder="Search people and #hashtags"
          autoComplete="off"
          autoCapitalize="off"
          spellcheck={false}
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
          autoFocus
        />
      </form>
      {loading && <Spinner label="Searching" />}
      {error && <ErrorNote message={error} />}
      {results && !loading && (
        <div class="search-results" aria-live="polite">
          {results.hashtags.length > 0 && (
            <section aria-labelledby="tags-heading">
              <h2 id="tags-heading" class="section-title">Hashtags</h2>
              <ul class="tag-list">
                {results.hashtags.map((tag) => (
                  <li key={tag.name}>
                    <Link href={paths.tag(tag.name)} class="tag-row">
                      <span class="tag-symbol small" aria-hidden="true">#</span>
                      <span>#{tag.name}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {results.hashtags.length === 0 && /^[\p{L}\p{M}\p{Nd}_]+$/u.test(tagFromQuery) && query.trim().startsWith('#') && (
            <p>
              <Link href={paths.tag(tagFromQuery)}>See posts tagged #{tagFromQuery.toLowerCase()}</Link>
            </p>
          )}
          <section aria-labelledby="people-heading">
            <h2 id="people-heading" class="section-title">People</h2>
            {results.accounts.length === 0 && <p class="muted">No one found.</p>}
            <ul class="account-list">
              {results.accounts.map((account) => (
                <li key={account.id}>
                  <AccountRow account={account} />
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}
