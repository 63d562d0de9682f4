import { describe, expect, it } from 'vitest';
import { averageColor, blurhashPixels, PLACEHOLDER_SIZE } from './blurhash';

// The example from the blurhash README.
const HASH = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';

describe('blurhash placeholders', () => {
  it('decodes a valid hash into RGBA pixels', () => {
    const pixels = blurhashPixels(HASH);
    expect(pixels).toHaveLength(PLACEHOLDER_SIZE * PLACEHOLDER_SIZE * 4);
    expect(pixels![3]).toBe(255);
  });

  it('gives nothing for a missing or malformed hash, without throwing', () => {
    expect(blurhashPixels(null)).toBeNull();
    expect(blurhashPixels('')).toBeNull();
    expect(blurhashPixels('not a hash')).toBeNull();
    expect(blurhashPixels('LEHV6nWB2yk8pyo0adR*.7kCMdn')).toBeNull();
  });

  it('reads the average colour from the DC component', () => {
    expect(averageColor(HASH)).toMatch(/^#[0-9a-f]{6}$/);
    expect(averageColor('00000000')).toBe('#000000');
    expect(averageColor('x')).toBeNull();
  });
});
