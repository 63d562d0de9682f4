import { describe, expect, it } from 'vitest';
import { LiveConnection, socketTarget, STABLE_MS, userStreamUrl, type SocketLike } from './connection';
import type { LiveEvent } from './events';

class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closedWith: number | null = null;

  constructor(readonly url: string, readonly protocol?: string) {}

  close(code?: number): void {
    this.closedWith = code ?? 1005;
  }

  opens(): void {
    this.onopen?.(new Event('open'));
  }

  says(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }

  drops(): void {
    this.onerror?.(new Event('error'));
    this.onclose?.({ code: 1006 } as CloseEvent);
  }
}

/** A connection on a fake clock: timers run only when the test advances time. */
function harness(options: { token?: string | null; url?: () => Promise<string> } = {}) {
  const sockets: FakeSocket[] = [];
  const events: LiveEvent[] = [];
  const opens: boolean[] = [];
  const waits: number[] = [];
  let clock = 0;
  let timers: { at: number; run: () => void }[] = [];
  const connection = new LiveConnection({
    url: options.url ?? (async () => 'ws://api.test/api/v1/streaming?stream=user'),
    token: () => (options.token === undefined ? 'tok-en_1' : options.token),
    onEvent: (event) => events.push(event),
    onOpen: (reconnected) => opens.push(reconnected),
    open: (url, protocol) => {
      const socket = new FakeSocket(url, protocol);
      sockets.push(socket);
      return socket;
    },
    setTimer: (run, ms) => {
      waits.push(ms);
      const timer = { at: clock + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timers = timers.filter((t) => t !== timer);
    },
    random: () => 1,
    now: () => clock,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    connection,
    sockets,
    events,
    opens,
    waits,
    settle,
    async advance(ms: number) {
      clock += ms;
      const due = timers.filter((t) => t.at <= clock);
      timers = timers.filter((t) => t.at > clock);
      due.forEach((t) => t.run());
      await settle();
    },
    pendingTimers: () => timers.length,
  };
}

describe('the live connection', () => {
  it('opens one socket with the token as its subprotocol and passes on the events it reads', async () => {
    const h = harness();
    h.connection.start();
    h.connection.start();
    await h.settle();
    expect(h.sockets).toHaveLength(1);
    expect(h.sockets[0]!.url).toBe('ws://api.test/api/v1/streaming?stream=user');
    expect(h.sockets[0]!.protocol).toBe('tok-en_1');
    h.sockets[0]!.opens();
    expect(h.connection.state).toBe('open');
    expect(h.opens).toEqual([false]);
    h.sockets[0]!.says({ stream: ['user'], event: 'delete', payload: '12' });
    h.sockets[0]!.says({ error: 'Unknown stream type', status: 400 });
    expect(h.events).toEqual([{ type: 'delete', id: '12' }]);
  });

  it('reconnects after a drop, waiting longer each time, and says it reconnected', async () => {
    const h = harness();
    h.connection.start();
    await h.settle();
    h.sockets[0]!.opens();
    h.sockets[0]!.drops();
    expect(h.connection.state).toBe('waiting');
    expect(h.waits).toEqual([1_000]);
    await h.advance(999);
    expect(h.sockets).toHaveLength(1);
    await h.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.drops();
    await h.advance(2_000);
    h.sockets[2]!.drops();
    await h.advance(4_000);
    expect(h.waits).toEqual([1_000, 2_000, 4_000]);
    h.sockets[3]!.opens();
    expect(h.opens).toEqual([false, true]);
  });

  it('starts the back-off over once a socket has stayed open a while', async () => {
    const h = harness();
    h.connection.start();
    await h.settle();
    h.sockets[0]!.drops();
    await h.advance(1_000);
    h.sockets[1]!.drops();
    await h.advance(2_000);
    h.sockets[2]!.opens();
    await h.advance(STABLE_MS);
    h.sockets[2]!.drops();
    expect(h.waits).toEqual([1_000, 2_000, 1_000]);
  });

  it('keeps backing off when a server accepts and drops at once', async () => {
    const h = harness();
    h.connection.start();
    await h.settle();
    for (let i = 0; i < 4; i++) {
      h.sockets[i]!.opens();
      h.sockets[i]!.drops();
      await h.advance(60_000);
    }
    expect(h.waits).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('retries when the streaming address cannot be learned (offline at start)', async () => {
    let reachable = false;
    const h = harness({
      url: async () => {
        if (!reachable) throw new Error('offline');
        return 'wss://streaming.test/api/v1/streaming?stream=user';
      },
    });
    h.connection.start();
    await h.settle();
    expect(h.sockets).toHaveLength(0);
    expect(h.connection.state).toBe('waiting');
    reachable = true;
    h.connection.retryNow();
    await h.settle();
    expect(h.sockets.map((socket) => socket.url)).toEqual(['wss://streaming.test/api/v1/streaming?stream=user']);
    expect(h.pendingTimers()).toBe(0);
  });

  it('closes its socket on stop and never reconnects afterwards', async () => {
    const h = harness();
    h.connection.start();
    await h.settle();
    h.sockets[0]!.opens();
    h.connection.stop();
    expect(h.sockets[0]!.closedWith).toBe(1000);
    h.sockets[0]!.drops();
    h.sockets[0]!.says({ event: 'delete', payload: '1' });
    await h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.events).toEqual([]);
    expect(h.connection.state).toBe('stopped');
  });

  it('stops while waiting to retry: the timer is cancelled', async () => {
    const h = harness();
    h.connection.start();
    await h.settle();
    h.sockets[0]!.drops();
    h.connection.stop();
    await h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('opens nothing without a token', async () => {
    const h = harness({ token: null });
    h.connection.start();
    await h.settle();
    expect(h.sockets).toHaveLength(0);
    expect(h.connection.state).toBe('stopped');
  });
});

describe('where the stream is', () => {
  it('uses the streaming origin the instance names, which may differ from the API', () => {
    expect(userStreamUrl('wss://streaming.example.com', 'https://api.example.com')).toBe(
      'wss://streaming.example.com/api/v1/streaming?stream=user',
    );
    expect(userStreamUrl('ws://127.0.0.1:8080/', 'http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api/v1/streaming?stream=user');
  });

  it("falls back to the API's own origin in ws or wss", () => {
    expect(userStreamUrl(undefined, 'https://api.example.com/base')).toBe('wss://api.example.com/api/v1/streaming?stream=user');
    expect(userStreamUrl('', 'http://localhost:8080')).toBe('ws://localhost:8080/api/v1/streaming?stream=user');
    expect(userStreamUrl('javascript:alert(1)', 'http://localhost:8080')).toBe('ws://localhost:8080/api/v1/streaming?stream=user');
  });

  it('sends the token as the subprotocol, or as access_token when it cannot be one', () => {
    expect(socketTarget('wss://s.test/api/v1/streaming?stream=user', 'abc-DEF_123')).toEqual({
      url: 'wss://s.test/api/v1/streaming?stream=user',
      protocol: 'abc-DEF_123',
    });
    expect(socketTarget('wss://s.test/api/v1/streaming?stream=user', 'a/b=')).toEqual({
      url: 'wss://s.test/api/v1/streaming?stream=user&access_token=a%2Fb%3D',
    });
  });
});
