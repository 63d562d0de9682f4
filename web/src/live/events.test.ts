import { describe, expect, it } from 'vitest';
import { parseFrame } from './events';

const status = { id: '7', account: { id: '1', acct: 'alice' }, content: '<p>hi</p>', favourites_count: 2 };
const frame = (event: string, payload: unknown) => JSON.stringify({ stream: ['user'], event, payload });

describe('streaming frames', () => {
  it('reads an update, whose payload is the status as a JSON string', () => {
    expect(parseFrame(frame('update', JSON.stringify(status)))).toEqual({ type: 'update', status });
  });

  it('reads a status.update, the post with its counts moved', () => {
    expect(parseFrame(frame('status.update', JSON.stringify(status)))).toEqual({ type: 'status.update', status });
  });

  it('reads a delete, whose payload is the bare id', () => {
    expect(parseFrame(frame('delete', '7'))).toEqual({ type: 'delete', id: '7' });
    expect(parseFrame(frame('delete', 7))).toEqual({ type: 'delete', id: '7' });
  });

  it('reads a notification', () => {
    const notification = { id: '90', type: 'favourite', account: status.account, status };
    expect(parseFrame(frame('notification', JSON.stringify(notification)))).toEqual({ type: 'notification', notification });
  });

  it('accepts a payload sent as an object rather than a string', () => {
    expect(parseFrame(frame('update', status))).toEqual({ type: 'update', status });
  });

  it('ignores errors, unknown events, damaged payloads and binary data', () => {
    expect(parseFrame(JSON.stringify({ error: 'Unknown stream type', status: 400 }))).toBeNull();
    expect(parseFrame(frame('filters_changed', ''))).toBeNull();
    expect(parseFrame(frame('announcement', JSON.stringify({ id: '1' })))).toBeNull();
    expect(parseFrame(frame('update', '{"id":'))).toBeNull();
    expect(parseFrame(frame('update', JSON.stringify({ id: '7' })))).toBeNull();
    expect(parseFrame(frame('notification', JSON.stringify({ id: '7' })))).toBeNull();
    expect(parseFrame(frame('delete', ''))).toBeNull();
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('null')).toBeNull();
    expect(parseFrame(new ArrayBuffer(4))).toBeNull();
  });
});
