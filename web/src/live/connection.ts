// One WebSocket to the streaming API, kept open: when it closes (a restarted server, a network
// change, a proxy's idle timeout) it opens again after a back-off, for as long as it is running.
// The app learns of every (re)opening, so it can fetch through the REST API what went by while
// the socket was down: the stream itself never replays anything.
import { reconnectDelay } from './backoff';
import { parseFrame, type LiveEvent } from './events';

/** What the connection needs of a WebSocket; the browser's satisfies it. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveConnectionDeps {
  /** The stream's address without credentials, e.g. `wss://x/api/v1/streaming?stream=user`; asked before each attempt. */
  url(): Promise<string>;
  token(): string | null;
  onEvent(event: LiveEvent): void;
  /** The socket opened: `reconnected` is false the first time only. */
  onOpen(reconnected: boolean): void;
  open?: (url: string, protocol?: string) => SocketLike;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  random?: () => number;
  now?: () => number;
}

export type ConnectionState = 'stopped' | 'connecting' | 'open' | 'waiting';

/**
 * A socket that stayed open this long counts as a success: the next failure starts the back-off
 * over. One that a server accepts and drops at once keeps backing off instead of retrying every
 * second.
 */
export const STABLE_MS = 10_000;

/** Characters a WebSocket subprotocol may hold (an RFC 7230 token). */
const PROTOCOL_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Where and how the token goes. As the subprotocol (which the server echoes back, decision 0024)
 * it stays out of URLs, and so out of access logs and proxies' error pages; a token that is not a
 * valid subprotocol goes as Mastodon's `access_token` parameter instead.
 */
export function socketTarget(url: string, token: string): { url: string; protocol?: string } {
  if (PROTOCOL_TOKEN.test(token)) return { url, protocol: token };
  const withToken = new URL(url);
  withToken.searchParams.set('access_token', token);
  return { url: withToken.toString() };
}

/**
 * The user stream's address: the origin the instance names for streaming
 * (`configuration.urls.streaming`, which may differ from the API's), else the API's own origin
 * in ws or wss, with Mastodon's path. The `user` stream carries the home timeline's posts, the
 * changed counts of posts on it and, for a token that may read them, notifications: one socket
 * is enough for everything the app shows live.
 */
export function userStreamUrl(streaming: string | null | undefined, apiBaseUrl: string): string {
  let origin: URL;
  if (streaming && /^(wss?|https?):\/\//i.test(streaming)) {
    origin = new URL(streaming);
  } else {
    origin = new URL(apiBaseUrl);
  }
  const scheme = origin.protocol === 'https:' || origin.protocol === 'wss:' ? 'wss:' : 'ws:';
  return `${scheme}//${origin.host}/api/v1/streaming?stream=user`;
}

export class LiveConnection {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private everOpened = false;
  private openedAt = 0;
  /** Bumped on stop and on each attempt, so that a late answer of an abandoned attempt does nothing. */
  private generation = 0;
  private current: ConnectionState = 'stopped';

  constructor(private readonly deps: LiveConnectionDeps) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'stopped') return;
    void this.connect();
  }

  stop(): void {
    this.current = 'stopped';
    this.generation++;
    this.cancelTimer();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'signed out');
  }

  /** Tries at once instead of at the end of the current wait (the browser is back online). */
  retryNow(): void {
    if (this.current !== 'waiting') return;
    this.cancelTimer();
    void this.connect();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.current = 'connecting';
    let url: string;
    try {
      url = await this.deps.url();
    } catch {
      if (generation === this.generation) this.retryLater();
      return;
    }
    const token = this.deps.token();
    if (generation !== this.generation || !token) {
      if (!token) this.stop();
      return;
    }
    const target = socketTarget(url, token);
    let socket: SocketLike;
    try {
      socket = (this.deps.open ?? openWebSocket)(target.url, target.protocol);
    } catch {
      this.retryLater();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.current = 'open';
      this.openedAt = this.now();
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.deps.onOpen(reconnected);
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      const event = parseFrame(message.data);
      if (event) this.deps.onEvent(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.current === 'open' && this.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
      this.retryLater();
    };
    // An error is always followed by a close, which is where retrying starts.
    socket.onerror = () => {};
  }

  private retryLater(): void {
    if (this.current === 'stopped') return;
    this.current = 'waiting';
    const delay = reconnectDelay(this.attempt++, this.deps.random);
    const setTimer = this.deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.timer = setTimer(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer !== null) (this.deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

function openWebSocket(url: string, protocol?: string): SocketLike {
  return protocol ? new WebSocket(url, protocol) : new WebSocket(url);
}
