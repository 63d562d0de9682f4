// Prints what a first visit downloads before the app can run: the scripts and styles that
// dist/index.html loads (entry, preloaded chunks, stylesheets), raw and gzipped. Goal: <= 150 KB.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((match) => match[1]);
let raw = 0;
let gzipped = 0;
for (const file of files) {
  const bytes = readFileSync(new URL(file, dist));
  const size = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += size;
  console.log(`${file.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(size / 1024).toFixed(1).padStart(6)} KB gzipped`);
}
console.log(`${'first load (JS + CSS)'.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gzipped / 1024).toFixed(1).padStart(6)} KB gzipped`);
