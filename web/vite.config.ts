import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';

const ROOT = import.meta.dirname;

/**
 * What the page itself allows, as a <meta> policy in the built index.html: scripts and styles
 * only from the app's own origin (no inline code, no third-party hosts). The API and photos may be
 * on other origins in a standalone deploy, so connect-src and img-src stay open here; the server
 * (or the static host) sends the full policy as a header. See docs/security.md.
 */
const META_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src * blob:',
  'connect-src *',
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'graminsta-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Emits /sw.js with the list of the build's files to keep for offline start. */
function serviceWorker(): Plugin {
  return {
    name: 'graminsta-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const publicDir = join(ROOT, 'public');
      const publicFiles = filesUnder(publicDir)
        .map((path) => `/${relative(publicDir, path).split('\\').join('/')}`)
        .filter((path) => path !== '/config.json');
      const built = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map'))
        .map((name) => `/${name}`);
      const precache = [...new Set(['/index.html', ...built, ...publicFiles])].sort();
      const template = readFileSync(join(ROOT, 'src/pwa/sw.js'), 'utf8');
      const version = createHash('sha256').update(JSON.stringify(precache)).update(template).digest('hex').slice(0, 12);
      const source =
        `self.__GRAMINSTA_PRECACHE__ = ${JSON.stringify(precache)};\n` +
        `self.__GRAMINSTA_VERSION__ = ${JSON.stringify(version)};\n` +
        template;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// `npm run dev` serves the app on :5173 and forwards API calls to a running Graminsta, so the
// app and the API share an origin as in the all-in-one setup.
const devApi = process.env.GRAMINSTA_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [contentSecurityPolicy(), serviceWorker()],
  build: {
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/oauth', '/avatars', '/headers', '/media', '/system'].map((path) => [path, { target: devApi, changeOrigin: false }]),
    ),
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
