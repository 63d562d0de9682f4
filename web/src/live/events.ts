// The streaming API's frames (Mastodon's, decision 0024), read into what the app acts on:
// `{"stream":["user"],"event":"update","payload":"<the status as a JSON string>"}`. A `delete`'s
// payload is the bare id. Anything else (an error message, an event this app has no use for, a
// frame a proxy mangled) is ignored rather than thrown: one odd frame must not end the stream.
import type { Notification, Status } from '../api/entities';

export type LiveEvent =
  | { type: 'update'; status: Status }
  | { type: 'status.update'; status: Status }
  | { type: 'delete'; id: string }
  | { type: 'notification'; notification: Notification };

function hasId(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function payloadOf(frame: Record<string, unknown>): unknown {
  const payload = frame.payload;
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

/** The event a WebSocket message carries, or null when there is nothing to act on. */
export function parseFrame(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const fields = frame as Record<string, unknown>;
  switch (fields.event) {
    case 'delete': {
      // Mastodon sends the id as a string; another server might send a JSON number.
      const id = typeof fields.payload === 'number' ? String(fields.payload) : fields.payload;
      return typeof id === 'string' && id ? { type: 'delete', id } : null;
    }
    case 'update':
    case 'status.update': {
      const status = payloadOf(fields);
      return hasId(status) && typeof (status as Partial<Status>).account === 'object'
        ? { type: fields.event, status: status as Status }
        : null;
    }
    case 'notification': {
      const notification = payloadOf(fields);
      return hasId(notification) && typeof (notification as Partial<Notification>).type === 'string'
        ? { type: 'notification', notification: notification as Notification }
        : null;
    }
    default:
      return null;
  }
}
