// Stand-ins for the browser's network objects, for the unit tests of code that calls the API.
// Not part of the app: only tests import this file.

export function jsonResponse(body: unknown, init: { status?: number; link?: string } = {}): Response {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (init.link) headers.set('Link', init.link);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

type ProgressEvent = { lengthComputable: boolean; loaded: number; total: number };

/** An XMLHttpRequest that records what was sent and answers when the test says so. */
export class FakeXhr {
  /** Every request made, oldest first. */
  static made: FakeXhr[] = [];
  static get last(): FakeXhr {
    return FakeXhr.made.at(-1)!;
  }
  /** When set, answers every request as soon as it is sent; otherwise the test calls respond(). */
  static answer: ((xhr: FakeXhr) => void) | null = null;

  static reset() {
    FakeXhr.made = [];
    FakeXhr.answer = null;
  }

  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: XMLHttpRequestBodyInit | null = null;
  aborted = false;
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  status = 0;
  responseText = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.made.push(this);
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  send(body: XMLHttpRequestBodyInit) {
    this.sent = body;
    const answer = FakeXhr.answer;
    if (answer) queueMicrotask(() => answer(this));
  }

  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }

  respond(status: number, body: unknown = '') {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }

  /** No reply at all: the network failed, or a cross-origin request was refused (CORS). */
  fail() {
    this.onerror?.();
  }

  static create = () => new FakeXhr() as unknown as XMLHttpRequest;
}
