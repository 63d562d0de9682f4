// Draws the app icons (PNG) with no dependencies: a gradient tile with a framed photo (sun over
// hills), rendered
// from signed distances with 4x4 supersampling. Run with `npm run icons`; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../public/icons/', import.meta.url);

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distance to a rounded box centred at 0 with half-size (hx, hy) and corner radius r.
function roundedBox(x, y, hx, hy, r) {
  const qx = Math.abs(x) - hx + r;
  const qy = Math.abs(y) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const STOPS = [
  [0, [45, 212, 191]],
  [0.5, [14, 165, 233]],
  [1, [67, 56, 202]],
];

function gradient(t) {
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    const [t0, c0] = STOPS[i - 1];
    if (t <= t1) {
      const f = (t - t0) / (t1 - t0);
      return c0.map((c, k) => c + (c1[k] - c) * f);
    }
  }
  return STOPS.at(-1)[1];
}

/** u, v in [-1, 1]: the colour and coverage of the icon at that point. */
function sample(u, v, { fullBleed, scale }) {
  const tile = fullBleed ? -1 : roundedBox(u, v, 0.92, 0.92, 0.42);
  if (tile > 0) return null;
  const colour = gradient(Math.min(1, Math.max(0, (u * -0.6 + v * 0.8 + 1) / 2)));
  const x = u / scale;
  const y = v / scale;
  const stroke = 0.07;
  const frame = Math.abs(roundedBox(x, y, 0.6, 0.6, 0.16)) - stroke;
  const sun = Math.hypot(x - 0.26, y + 0.26) - 0.12;
  // Two hills inside the frame: the region under two tilted lines, clipped to the frame.
  const inside = roundedBox(x, y, 0.6, 0.6, 0.16) < 0;
  const hill = inside && (y > -0.02 + 0.95 * Math.abs(x + 0.2) || y > 0.16 + 0.85 * Math.abs(x - 0.3));
  const white = Math.min(frame, sun) < 0 || hill;
  return white ? [255, 255, 255] : colour;
}

function render(size, options) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = ((px + (sx + 0.5) / n) / size) * 2 - 1;
          const v = ((py + (sy + 0.5) / n) / size) * 2 - 1;
          const c = sample(u, v, options);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return png(size, rgba);
}

mkdirSync(OUT, { recursive: true });
const icons = [
  ['icon-32.png', 32, { fullBleed: false, scale: 1 }],
  ['icon-192.png', 192, { fullBleed: false, scale: 1 }],
  ['icon-512.png', 512, { fullBleed: false, scale: 1 }],
  // Maskable: the background reaches the edges; the camera stays inside the 80% safe zone.
  ['icon-maskable-512.png', 512, { fullBleed: true, scale: 0.78 }],
  ['apple-touch-icon.png', 180, { fullBleed: true, scale: 0.85 }],
];
for (const [name, size, options] of icons) {
  writeFileSync(new URL(name, OUT), render(size, options));
  console.log(`wrote public/icons/${name}`);
}
