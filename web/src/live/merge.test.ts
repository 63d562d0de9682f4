import { describe, expect, it } from 'vitest';
import { compareIds, mergeNewest, newestId } from './merge';

const item = (id: string, label = id) => ({ id, label });

describe('ids', () => {
  it('orders ids as numbers, also past what a float holds exactly', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('110000000000000001', '110000000000000000')).toBeGreaterThan(0);
    expect(compareIds('42', '42')).toBe(0);
    expect(['10', '9', '100', '11'].sort(compareIds)).toEqual(['9', '10', '11', '100']);
  });

  it('finds the newest id, skipping missing ones', () => {
    expect(newestId('9', null, '10', undefined)).toBe('10');
    expect(newestId(null, undefined)).toBeNull();
  });
});

describe('merging what arrived twice', () => {
  it('keeps each id once, newest first', () => {
    const merged = mergeNewest([item('12'), item('10')], [item('11'), item('12'), item('13')]);
    expect(merged.map((entry) => entry.id)).toEqual(['13', '12', '11', '10']);
  });

  it('keeps the later copy of an id, the fresher rendering', () => {
    const merged = mergeNewest([item('5', 'from the stream')], [item('5', 'from the catch-up')]);
    expect(merged).toEqual([item('5', 'from the catch-up')]);
  });

  it('leaves out what is already shown', () => {
    const merged = mergeNewest([item('3')], [item('4'), item('2')], new Set(['2', '3']));
    expect(merged.map((entry) => entry.id)).toEqual(['4']);
  });

  it('changes nothing when nothing new came', () => {
    expect(mergeNewest([], [])).toEqual([]);
  });
});
