import { describe, expect, it } from 'vitest';
import { reconnectDelay, RECONNECT_BACKOFF } from './backoff';

describe('reconnect back-off', () => {
  it('doubles its ceiling with each attempt, up to the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 12, 100].map((attempt) => reconnectDelay(attempt, () => 1));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('waits at least half of the ceiling, whatever the jitter', () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(3, () => 0)).toBe(4_000);
    expect(reconnectDelay(50, () => 0)).toBe(RECONNECT_BACKOFF.capMs / 2);
  });

  it('spreads clients dropped together over the upper half of the ceiling', () => {
    const delays = Array.from({ length: 11 }, (_, i) => reconnectDelay(2, () => i / 10));
    expect(new Set(delays).size).toBe(11);
    expect(Math.min(...delays)).toBe(2_000);
    expect(Math.max(...delays)).toBe(4_000);
  });

  it('takes a negative attempt as the first', () => {
    expect(reconnectDelay(-3, () => 1)).toBe(1_000);
  });

  it('follows another policy when given one', () => {
    expect(reconnectDelay(4, () => 1, { baseMs: 100, capMs: 1_000 })).toBe(1_000);
    expect(reconnectDelay(2, () => 1, { baseMs: 100, capMs: 1_000 })).toBe(400);
  });
});
