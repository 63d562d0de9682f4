import { render } from 'preact';
import { App } from './app/App';
import { startRouter } from './app/router';
import { homeTimeline } from './feed/statuses';
import { initServices, session } from './app/services';
import { loadConfig } from './config';
import { startLive } from './live/live';
import './styles.css';

async function start() {
  initServices(await loadConfig());
  performance.mark('graminsta:config');
  startRouter();
  const starting = session.start();
  startLive();
  render(<App />, document.getElementById('app')!);
  await starting;
  performance.mark('graminsta:session');
  // The feed's first page is asked for before the screen renders, not after.
  if (location.pathname === '/' && session.state.get().status === 'signedIn') {
    void homeTimeline().load();
  }
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // The app works without it; only offline start and installation need it.
    });
  }
}

void start();
