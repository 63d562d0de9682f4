// Helpers shared by the *.test.js files here.
//
// Node 20's test runner also runs every other .js file under a folder named "test", this one
// included. So that such a run reports something true rather than an empty pass, this file then
// checks the tools the tests need (only when it is run itself, never when imported).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'node:test';
import { parseAllDocuments } from 'yaml';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEPLOY = join(REPO, 'deploy');

/** The programs the tests run, with the Debian package each comes from. */
export const TOOLS = {
  nginx: { path: '/usr/sbin/nginx', package: 'nginx' },
  haproxy: { path: '/usr/sbin/haproxy', package: 'haproxy' },
  'docker-compose': { path: '/usr/bin/docker-compose', package: 'docker-compose' },
  promtool: { path: '/usr/bin/promtool', package: 'prometheus' },
};

/** The program's path, or a failure that says how to install it. */
export function tool(name) {
  const { path, package: pkg } = TOOLS[name];
  const found = spawnSync('sh', ['-c', `command -v ${name} || test -x ${path} && echo ${path}`], { encoding: 'utf8' });
  const location = found.stdout.trim().split('\n')[0];
  assert.ok(location, `${name} is needed for these tests: apt-get install ${pkg}`);
  return location;
}

/** Runs a program to its end: { status, stdout, stderr }. */
export function run(program, args, options = {}) {
  const result = spawnSync(program, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function read(path) {
  return readFileSync(path, 'utf8');
}

const cleanups = new WeakMap();

/**
 * Runs fn when the test (or suite) ends, in the reverse order of registration: what started last
 * stops first, and a folder is removed only after the servers writing into it have stopped
 * (t.after alone runs hooks in registration order, and a hook that throws skips the rest,
 * leaving a server running and the test process waiting on it).
 */
export function onCleanup(t, fn) {
  let stack = cleanups.get(t);
  if (!stack) {
    stack = [];
    cleanups.set(t, stack);
    t.after(async () => {
      const failures = [];
      while (stack.length) {
        try {
          await stack.pop()();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length) throw failures[0];
    });
  }
  stack.push(fn);
}

/** A new temporary folder, removed when the calling test (or suite) ends. */
export function tempDir(t, prefix = 'graminsta-deploy-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(t, () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  return dir;
}

/** A copy of deploy/ to change for a test, leaving the real one alone. */
export function copyOfDeploy(t) {
  const dir = tempDir(t);
  cpSync(DEPLOY, dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
  return dir;
}

/** A TCP port that nothing listens on at the moment. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts a long-running program, stopped when the test ends; its output is kept for failures. */
export function start(t, program, args, options = {}) {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  onCleanup(t, () => stop(child));
  return { child, output: () => output };
}

/** SIGTERM, then the child's exit. */
export function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** Polls until fn() stops throwing, or fails after timeoutMs with its last error. */
export async function eventually(fn, timeoutMs = 10_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((wait) => setTimeout(wait, everyMs));
    }
  }
}

/** Every YAML document in a file, failing on any syntax error. */
export function yamlDocuments(path) {
  const documents = parseAllDocuments(read(path), { merge: true });
  for (const document of documents) {
    assert.deepEqual(document.errors, [], `${path}: ${document.errors.join('; ')}`);
  }
  return documents.map((document) => document.toJS()).filter((value) => value !== null);
}

/**
 * The names of the server's settings, as the documents that define them spell them: decision
 * 0009's table, the launcher's help, the server's application.yml and the web image's start
 * script (deploy/docker/web-config.sh). In 0009 a name may continue the one before it:
 * "`GRAMINSTA_S3_ACCESS_KEY`, `_SECRET_KEY`" replaces as many trailing words as it has.
 * Plus the one stage 7 will add (planned; docs/scaling.md).
 */
export function knownSettings() {
  const names = new Set(['GRAMINSTA_ROLES']);
  const sources = [
    join(REPO, 'docs/decisions/0009-stages-2-to-5.md'),
    join(REPO, 'graminsta'),
    join(REPO, 'server/src/main/resources/application.yml'),
    join(DEPLOY, 'docker/web-config.sh'),
  ];
  for (const source of sources) {
    for (const line of read(source).split('\n')) {
      let last = null;
      for (const [, full, continued] of line.matchAll(/\b(GRAMINSTA(?:_[A-Z0-9]+)+)\b|`(_[A-Z0-9_]*[A-Z0-9])`/g)) {
        if (full) {
          last = full;
        } else if (last) {
          const words = last.split('_');
          last = [...words.slice(0, words.length - (continued.split('_').length - 1)), ...continued.split('_').slice(1)].join('_');
        } else {
          continue;
        }
        names.add(last);
      }
    }
  }
  return names;
}

/** "5s", "1m30s", "45" (seconds) as seconds. */
export function seconds(duration) {
  if (typeof duration === 'number') return duration;
  const text = String(duration).trim();
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(amount) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit];
  }
  assert.ok(total > 0 || /^0+s?$/.test(text), `not a duration: ${duration}`);
  return total;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(TOOLS)) {
    test(`${name} is installed (apt-get install ${TOOLS[name].package})`, () => {
      tool(name);
    });
  }
}
