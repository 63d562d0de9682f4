// See run.sh. Node drives the stack and the mixed load; wrk measures the request rates.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Api, ok, postPhoto, signUp, sleep, Stack } from '../../e2e/stack/support.js';

const run = promisify(execFile);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS_PER_RUN = Number(process.env.SECONDS_PER_RUN ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const MIXED_SECONDS = Number(process.env.MIXED_SECONDS ?? 20);
const DISK_PORT = 18690;

const stack = new Stack(18600);
const work = mkdtempSync(join(tmpdir(), 'graminsta-edge-bench-'));
// nginx's workers (nobody, when started as root) must be able to read the file under it.
chmodSync(work, 0o755);
let diskNginx = null;

try {
  console.log('== Starting stage 5 (2 instances)');
  const status = await stack.up(5, 2);
  const lb = new Api(status.components.find((c) => c.name === 'lb').url);
  const alice = await signUp(lb, 'bench');
  const posts = [];
  for (let i = 0; i < 12; i++) posts.push(await postPhoto(alice.api, `Bench photo ${i}`));
  const variant = posts[0].media_attachments[0].meta.medium.url;
  console.log(`640 px variant: ${variant}`);

  // The same bytes, from disk, by a plain nginx: the baseline.
  const bytes = Buffer.from(await (await fetch(variant)).arrayBuffer());
  const path = new URL(variant).pathname;
  mkdirSync(join(work, 'root', dirname(path)), { recursive: true });
  writeFileSync(join(work, 'root', path), bytes);
  diskNginx = startDiskNginx(join(work, 'root'));
  await sleep(500);
  const diskUrl = `http://127.0.0.1:${DISK_PORT}${path}`;
  const check = await fetch(diskUrl);
  if (check.status !== 200) throw new Error(`the disk nginx answered ${check.status}`);

  // Warm the edge: the first request fills the cache.
  await fetch(variant);
  const warm = await fetch(variant);
  console.log(`edge cache after warm-up: ${warm.headers.get('x-cache-status')}; variant is ${bytes.length} bytes`);

  console.log(`== wrk: ${ROUNDS} rounds of ${SECONDS_PER_RUN} s each, ${CONNECTIONS} connections, alternating`);
  const rates = { disk: [], edge: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, url] of [['disk', diskUrl], ['edge', variant]]) {
      const rate = await wrk(url);
      rates[name].push(rate);
      console.log(`round ${round} ${name}: ${rate.toFixed(0)} requests/s`);
    }
  }
  const disk = median(rates.disk);
  const edge = median(rates.edge);
  console.log(`median: nginx from disk ${disk.toFixed(0)}/s, edge (cache hit) ${edge.toFixed(0)}/s`);
  console.log(`edge / disk = ${(edge / disk).toFixed(2)} (goal >= 0.8)`);

  console.log(`== Mixed load for ${MIXED_SECONDS} s: timelines through the load balancer, photos from their URLs`);
  const lbLogBefore = readFileSync(join(stack.dir, 'lb', 'access.log'), 'utf8').length;
  const edgeLogBefore = readFileSync(join(stack.dir, 'edge', 'access.log'), 'utf8').length;
  const deadline = Date.now() + MIXED_SECONDS * 1000;
  await Promise.all(Array.from({ length: 4 }, () => mixedClient(alice.api, deadline)));
  const lbLines = readFileSync(join(stack.dir, 'lb', 'access.log'), 'utf8').slice(lbLogBefore).split('\n').filter(Boolean);
  const edgeLines = readFileSync(join(stack.dir, 'edge', 'access.log'), 'utf8').slice(edgeLogBefore).split('\n').filter(Boolean);
  const apiImageBytes = sum(lbLines.filter((l) => /type="image\//.test(l)).map(bodyBytes));
  const apiBytes = sum(lbLines.map(bodyBytes));
  const edgeBytes = sum(edgeLines.map(bodyBytes));
  console.log(`API (load balancer): ${lbLines.length} requests, ${apiBytes} bytes, of which image bytes: ${apiImageBytes}`);
  console.log(`edge: ${edgeLines.length} requests, ${edgeBytes} bytes`);
  console.log(`share of image bytes served by API instances: ${(apiImageBytes / Math.max(1, apiImageBytes + edgeBytes)).toFixed(3)} (goal 0)`);
} finally {
  if (diskNginx) {
    await run('nginx', ['-p', join(work, 'nginx'), '-c', join(work, 'nginx', 'nginx.conf'), '-e', join(work, 'nginx', 'error.log'), '-s', 'quit']).catch(() => {});
  }
  await stack.destroy().catch((e) => console.error(String(e)));
  await sleep(500);
  rmSync(work, { recursive: true, force: true });
}

function startDiskNginx(root) {
  const dir = join(work, 'nginx');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  // The same worker count and file settings as the edge, so the comparison is of the cache path.
  writeFileSync(join(dir, 'nginx.conf'), `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  sendfile on; tcp_nopush on; keepalive_timeout 65s;
  server {
    listen 127.0.0.1:${DISK_PORT};
    root ${root};
    add_header Cache-Control "public, max-age=31536000, immutable";
  }
}
`);
  return spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'inherit' });
}

async function wrk(url) {
  const { stdout } = await run('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS_PER_RUN}s`, url]);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`wrk printed no rate:\n${stdout}`);
  if (/Non-2xx/.test(stdout)) throw new Error(`wrk saw errors:\n${stdout}`);
  return Number(match[1]);
}

async function mixedClient(api, deadline) {
  while (Date.now() < deadline) {
    const timeline = await ok(api.get('/api/v1/timelines/public?limit=10'));
    for (const status of timeline) {
      for (const media of status.media_attachments) {
        for (const url of [media.url, media.preview_url, media.meta.medium.url]) {
          await (await fetch(url)).arrayBuffer();
        }
      }
    }
    await ok(api.get('/api/v1/accounts/verify_credentials'));
  }
}

function bodyBytes(line) {
  const match = /" \d{3} (\d+) /.exec(line);
  return match ? Number(match[1]) : 0;
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
