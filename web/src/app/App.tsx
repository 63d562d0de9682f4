import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { Callback, SignInPage, SignUp, Welcome } from '../auth/screens';
import { Compose } from '../compose/Compose';
import { Explore } from '../explore/Explore';
import { TagPage } from '../explore/TagPage';
import { HomeFeed } from '../feed/HomeFeed';
import { forgetHeld } from '../feed/newPosts';
import { forgetLists, homeTimeline } from '../feed/statuses';
import { useStore } from '../lib/store';
import { FollowRequests } from '../notifications/FollowRequests';
import { forgetNotifications, Notifications } from '../notifications/Notifications';
import { badgeText, unseenNotifications } from '../notifications/unseen';
import { PostPage } from '../post/PostPage';
import { AccountList } from '../profile/AccountList';
import { Profile } from '../profile/Profile';
import { Search } from '../search/Search';
import { EditProfile } from '../settings/EditProfile';
import { Settings } from '../settings/Settings';
import { ExploreIcon, HeartIcon, HomeIcon, PlusIcon, SearchIcon, SettingsIcon } from '../ui/icons';
import { Avatar, PageTitle, Spinner } from '../ui/misc';
import { Link, savedScroll, useLocation } from './router';
import { matchRoute, paths, type Route } from './routes';
import { session, toasts } from './services';

const PUBLIC_ROUTES = new Set<Route['name']>(['signin', 'signup', 'callback']);

function screen(route: Route): JSX.Element {
  switch (route.name) {
    case 'home':
      return <HomeFeed />;
    case 'compose':
      return <Compose />;
    case 'explore':
      return <Explore />;
    case 'search':
      return <Search />;
    case 'tag':
      return <TagPage key={route.tag} tag={route.tag} />;
    case 'notifications':
      return <Notifications />;
    case 'followRequests':
      return <FollowRequests />;
    case 'settings':
      return <Settings />;
    case 'editProfile':
      return <EditProfile />;
    case 'profile':
      return <Profile key={route.acct} acct={route.acct} />;
    case 'followers':
    case 'following':
      return <AccountList key={route.name + route.acct} acct={route.acct} kind={route.name} />;
    case 'post':
      return <PostPage key={route.id} id={route.id} />;
    case 'signin':
      return <SignInPage />;
    case 'signup':
      return <SignUp />;
    case 'callback':
      return <Callback />;
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  return (
    <div class="empty">
      <PageTitle>Page not found</PageTitle>
      <p>The link may be broken, or the page may have been removed.</p>
      <p>
        <Link href="/">Go to your feed</Link>
      </p>
    </div>
  );
}

interface NavLinkProps {
  href: string;
  label: string;
  current: boolean;
  children: ComponentChildren;
  class?: string;
  /** A count shown on the icon ("3 new"); part of the link's name, so screen readers hear it too. */
  badge?: string;
}

function NavLink({ href, label, current, children, class: className, badge }: NavLinkProps) {
  return (
    <Link
      href={href}
      class={`nav-link${className ? ` ${className}` : ''}`}
      aria-current={current ? 'page' : undefined}
      aria-label={badge ? `${label}, ${badge} new` : undefined}
      onClick={() => {
        // Home again while at home: back to the top, with the newest posts.
        if (current && href === '/') {
          window.scrollTo({ top: 0 });
          forgetHeld();
          void homeTimeline().refresh();
        }
      }}
    >
      {children}
      <span class="nav-label">{label}</span>
      {badge && (
        <span class="nav-badge" aria-hidden="true">
          {badge}
        </span>
      )}
    </Link>
  );
}

function Navigation({ route }: { route: Route }) {
  const state = useStore(session.state);
  const unseen = useStore(unseenNotifications);
  const me = state.status === 'signedIn' ? state.account : null;
  if (!me) return null;
  const onProfile = (route.name === 'profile' || route.name === 'followers' || route.name === 'following') && route.acct === me.acct;
  return (
    <nav class="nav" aria-label="Main">
      <Link href="/" class="nav-logo logo-text" aria-label="Graminsta home">
        Graminsta
      </Link>
      <NavLink href="/" label="Home" current={route.name === 'home'}>
        <HomeIcon />
      </NavLink>
      <NavLink href="/search" label="Search" current={route.name === 'search'} class="desktop-only">
        <SearchIcon />
      </NavLink>
      <NavLink href="/explore" label="Explore" current={route.name === 'explore' || route.name === 'tag'}>
        <ExploreIcon />
      </NavLink>
      <NavLink href="/compose" label="New post" current={route.name === 'compose'}>
        <PlusIcon />
      </NavLink>
      <NavLink
        href="/notifications"
        label="Notifications"
        current={route.name === 'notifications' || route.name === 'followRequests'}
        badge={badgeText(unseen)}
      >
        <HeartIcon />
      </NavLink>
      <NavLink href={paths.profile(me.acct)} label="Profile" current={onProfile}>
        <Avatar account={me} size={26} />
      </NavLink>
      <NavLink href="/settings" label="Settings" current={route.name === 'settings' || route.name === 'editProfile'} class="desktop-only">
        <SettingsIcon />
      </NavLink>
    </nav>
  );
}

function TopBar() {
  return (
    <header class="top-bar">
      <Link href="/" class="logo-text" aria-label="Graminsta home">
        Graminsta
      </Link>
      <Link href="/search" class="icon-button" aria-label="Search">
        <SearchIcon />
      </Link>
    </header>
  );
}

function Toasts() {
  const items = useStore(toasts);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((item) => (
        <p key={item.id} class="toast">
          {item.message}
        </p>
      ))}
    </div>
  );
}

export function App() {
  const location = useLocation();
  const state = useStore(session.state);
  const route = matchRoute(location.pathname);
  const firstRender = useRef(true);

  useEffect(
    () =>
      session.state.subscribe((next) => {
        if (next.status === 'signedOut') {
          forgetLists();
          forgetNotifications();
        }
      }),
    [],
  );

  // Back and forward return to where the page was scrolled; focus moves to the new screen's title.
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.body.dataset.navigated = 'true';
    const y = savedScroll(location.key);
    if (y > 0) requestAnimationFrame(() => window.scrollTo(0, y));
  }, [location.key]);

  if (state.status === 'loading') {
    return <Spinner label="Starting Graminsta" />;
  }

  const signedIn = state.status === 'signedIn';
  let content: JSX.Element;
  if (PUBLIC_ROUTES.has(route.name)) {
    content = screen(route);
  } else if (!signedIn) {
    content = <Welcome returnTo={location.pathname + (location.search.size ? `?${location.search}` : '')} notice={state.notice} />;
  } else {
    content = screen(route);
  }

  return (
    <div class={signedIn ? 'layout signed-in' : 'layout'}>
      <a href="#main" class="skip-link">
        Skip to content
      </a>
      {signedIn && <TopBar />}
      {signedIn && <Navigation route={route} />}
      <main id="main" class={`main route-${route.name}`} tabIndex={-1}>
        {content}
      </main>
      <Toasts />
    </div>
  );
}
