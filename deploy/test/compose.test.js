// The compose files of stages 2 to 7: Debian's docker-compose accepts each one (`config`), with
// the variables of deploy/compose/.env.example and without silent defaults for secrets, and
// each stage wires its parts so that they can find each other: what a typo in a service name,
// a port or a setting would otherwise break only on the first deployment.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { knownSettings, read, run, seconds, tempDir, tool, DEPLOY, REPO } from './support.js';

const COMPOSE = join(DEPLOY, 'compose');
const STAGES = [2, 3, 4, 5, 6, 7];
const EXAMPLE_ENV = join(COMPOSE, '.env.example');
const SETTINGS = knownSettings();

/** docker-compose config for a stage, with variables from envFile only (no .env, no shell). */
function config(stage, envFile) {
  const file = join(COMPOSE, `stage-${stage}.yml`);
  return run(tool('docker-compose'), ['--env-file', envFile, '-f', file, 'config'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
}

const resolved = new Map();
/** The stage's compose file as docker-compose resolves it (anchors merged, paths absolute). */
function services(stage) {
  if (!resolved.has(stage)) {
    const result = config(stage, EXAMPLE_ENV);
    assert.equal(result.status, 0, result.stderr);
    resolved.set(stage, parse(result.stdout).services);
  }
  return resolved.get(stage);
}

/** The Graminsta server's services: those built from server.Dockerfile. */
function servers(stage) {
  return Object.entries(services(stage)).filter(([, service]) => service.build?.dockerfile === 'deploy/docker/server.Dockerfile');
}

const env = (service) => service.environment ?? {};
const hostOf = (url) => new URL(url.replace(/^jdbc:/, '')).hostname;
const publishedPort = (service) => Number(String(service.ports?.[0] ?? '').split(':').at(-2));
const mounts = (service) => (service.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target]));

describe('docker-compose accepts every stage', { timeout: 60_000 }, () => {
  for (const stage of STAGES) {
    test(`stage-${stage}.yml passes docker-compose config -q with .env.example`, () => {
      const file = join(COMPOSE, `stage-${stage}.yml`);
      const result = run(tool('docker-compose'), ['--env-file', EXAMPLE_ENV, '-f', file, 'config', '-q'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      assert.equal(result.status, 0, result.stderr);
    });

    test(`stage-${stage}.yml refuses to start without a database password`, (t) => {
      const empty = join(tempDir(t), 'empty.env');
      writeFileSync(empty, '');
      const result = config(stage, empty);
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /GRAMINSTA_DATABASE_PASSWORD/);
    });
  }
});

describe('every stage', { timeout: 60_000 }, () => {
  for (const stage of STAGES) {
    test(`stage ${stage}: every GRAMINSTA_ variable is a real setting (0009, the launcher, the web image)`, () => {
      for (const [name, service] of Object.entries(services(stage))) {
        for (const key of Object.keys(env(service)).filter((key) => key.startsWith('GRAMINSTA_'))) {
          assert.ok(SETTINGS.has(key), `${name}: ${key} is not a Graminsta setting`);
        }
      }
    });

    test(`stage ${stage}: every mounted file exists, and images are built from the repository`, () => {
      for (const [name, service] of Object.entries(services(stage))) {
        for (const [source] of mounts(service).filter(([source]) => source.startsWith('/'))) {
          assert.ok(existsSync(source), `${name} mounts ${source}, which does not exist`);
          assert.ok(!relative(REPO, source).startsWith('..'), `${name} mounts ${source}, outside the repository`);
        }
        if (service.build) {
          assert.equal(service.build.context, REPO, `${name} builds from the repository root`);
          assert.ok(existsSync(join(REPO, service.build.dockerfile)), `${name}: ${service.build.dockerfile}`);
        }
      }
    });

    test(`stage ${stage}: the database URL names the database service, and SIGKILL waits for the graceful stop`, () => {
      assert.ok(servers(stage).length >= 1);
      for (const [name, service] of servers(stage)) {
        assert.ok(services(stage)[hostOf(env(service).GRAMINSTA_DATABASE_URL)], `${name}: database host`);
        assert.ok(env(service).GRAMINSTA_DATABASE_PASSWORD, name);
        // Docker's default is 10 s; the drain (and as long again for the last connections to
        // close) and Spring's 20 s shutdown phase must fit.
        const drain = seconds(env(service).GRAMINSTA_SHUTDOWN_DRAIN ?? '0s');
        assert.ok(seconds(service.stop_grace_period ?? 10) > 2 * drain + 20, `${name}: stop_grace_period`);
        // Behind the balancer, nginx's idle connections to an instance end within the first
        // half of its drain, while it still reads them (docs/decisions/0010).
        if (services(stage).lb) {
          const idle = seconds(/keepalive_timeout (\w+);/.exec(read(join(DEPLOY, 'nginx/upstreams/api.conf')))[1]);
          assert.ok(idle < drain / 2, `${name}: GRAMINSTA_SHUTDOWN_DRAIN ${drain} s, nginx keeps idle connections ${idle} s`);
        }
      }
    });
  }

  test('each stage keeps what the one before it had (the single server becomes the api tier in stage 4)', () => {
    for (const stage of STAGES.slice(1)) {
      const before = Object.keys(services(stage - 1)).map((name) => (name === 'server' ? 'api' : name));
      const now = Object.keys(services(stage));
      for (const name of before.filter((name) => name !== 'api' || stage >= 4)) {
        assert.ok(now.includes(name), `stage ${stage} lost ${name}`);
      }
    }
  });
});

describe('what each stage adds', { timeout: 60_000 }, () => {
  test('stage 2: one server and its own PostgreSQL (15 or later)', () => {
    const all = services(2);
    assert.deepEqual(Object.keys(all).sort(), ['postgres', 'server']);
    assert.ok(Number(all.postgres.image.match(/^postgres:(\d+)/)[1]) >= 15);
    assert.ok(all.server.depends_on.postgres, 'the server waits for the database');
  });

  test('stage 3: the web app on its own origin, allowed by the API with CORS', () => {
    const all = services(3);
    const webOrigin = `http://localhost:${publishedPort(all.web)}`;
    assert.equal(env(all.server).GRAMINSTA_CORS_ALLOWED_ORIGINS, webOrigin);
    assert.equal(env(all.web).GRAMINSTA_API_URL, env(all.server).GRAMINSTA_PUBLIC_URL);
    assert.equal(all.web.build.dockerfile, 'deploy/docker/web.Dockerfile');
  });

  for (const stage of [4, 5, 6, 7]) {
    test(`stage ${stage}: several API replicas behind the nginx balancer, which finds them by name`, () => {
      const all = services(stage);
      assert.ok(all.api.deploy.replicas >= 2);
      assert.ok(seconds(env(all.api).GRAMINSTA_SHUTDOWN_DRAIN) > 0, 'GRAMINSTA_SHUTDOWN_DRAIN');
      assert.match(all.api.healthcheck.test.join(' '), /\/actuator\/health\/readiness/);
      const lb = Object.fromEntries(mounts(all.lb).map(([source, target]) => [target, source]));
      assert.equal(lb['/etc/nginx/nginx.conf'], join(DEPLOY, 'nginx/load-balancer.conf'));
      const upstreams = read(lb['/etc/nginx/upstreams/api.conf']);
      for (const [, host] of upstreams.matchAll(/^\s*server ([a-z][\w-]*):8080\b/gm)) {
        assert.ok(all[host], `the balancer's upstream names ${host}, which is no service`);
      }
      // The balancer is the API's address: links the server makes point at it.
      assert.equal(new URL(env(all.api).GRAMINSTA_PUBLIC_URL).port, String(publishedPort(all.lb)));
      assert.equal(env(all.web).GRAMINSTA_API_URL, env(all.api).GRAMINSTA_PUBLIC_URL);
    });
  }

  test('stage 4: the replicas share one media volume, and the media directory is in it', () => {
    const { api } = services(4);
    const volume = mounts(api).find(([source]) => !source.startsWith('/'));
    assert.ok(volume, 'a named volume for media');
    assert.ok(env(api).GRAMINSTA_MEDIA_DIRECTORY.startsWith(`${volume[1]}/`));
  });

  for (const stage of [5, 6, 7]) {
    test(`stage ${stage}: media in the object store, read through the caching edge`, () => {
      const all = services(stage);
      const settings = env(all.api);
      assert.equal(settings.GRAMINSTA_STORAGE, 's3');
      assert.ok(all[hostOf(settings.GRAMINSTA_S3_ENDPOINT)], 'the S3 endpoint is a service');
      assert.equal(settings.GRAMINSTA_S3_PATH_STYLE, 'true');
      assert.equal(new URL(settings.GRAMINSTA_MEDIA_BASE_URL).port, String(publishedPort(all.edge)));
      const edge = Object.fromEntries(mounts(all.edge).map(([source, target]) => [target, source]));
      assert.equal(edge['/etc/nginx/nginx.conf'], join(DEPLOY, 'nginx/media-edge.conf'));
      const origin = read(edge['/etc/nginx/upstreams/media-origin.conf']);
      assert.match(origin, new RegExp(`server ${hostOf(settings.GRAMINSTA_S3_ENDPOINT)}:${new URL(settings.GRAMINSTA_S3_ENDPOINT).port}\\b`));
      assert.match(origin, new RegExp(`default "/${settings.GRAMINSTA_S3_BUCKET}";`), 'the edge reads the same bucket');
      // The web app's policy must allow the photos' origin and direct uploads to the store.
      assert.equal(env(all.web).GRAMINSTA_MEDIA_BASE_URL, settings.GRAMINSTA_MEDIA_BASE_URL);
      assert.equal(env(all.web).GRAMINSTA_S3_PUBLIC_ENDPOINT, settings.GRAMINSTA_S3_PUBLIC_ENDPOINT);
      assert.equal(env(all.web).GRAMINSTA_S3_PATH_STYLE, settings.GRAMINSTA_S3_PATH_STYLE);
      // The API waits for the bucket, its policy and its key.
      assert.equal(all.api.depends_on['minio-setup'].condition, 'service_completed_successfully');
      const setup = read(join(COMPOSE, 'minio/setup.sh'));
      assert.match(setup, /anonymous set download "store\/\$bucket\/attachments"/);
      assert.match(setup, /anonymous set download "store\/\$bucket\/avatars"/);
      assert.doesNotMatch(setup, /anonymous set \w+ "store\/\$bucket"\s*$/m, 'the whole bucket (private/ too) made public');
    });
  }

  for (const stage of [6, 7]) {
    test(`stage ${stage}: Redis and two streaming replicas, each cloned through a slot of its own`, () => {
      const all = services(stage);
      const slots = new Set();
      for (const [name, service] of servers(stage)) {
        assert.ok(all[hostOf(env(service).GRAMINSTA_REDIS_URL)], `${name}: GRAMINSTA_REDIS_URL`);
        const replicas = env(service).GRAMINSTA_DATABASE_REPLICA_URLS.split(',');
        assert.equal(replicas.length, 2, `${name}: two replicas`);
        for (const url of replicas) {
          const replica = all[hostOf(url)];
          assert.ok(replica, `${name}: ${url}`);
          assert.match(replica.entrypoint.join(' '), /replica-entrypoint\.sh/);
          assert.equal(replica.environment.PRIMARY_HOST, 'postgres');
          slots.add(replica.environment.REPLICATION_SLOT);
          assert.ok(service.depends_on[hostOf(url)], `${name} waits for ${hostOf(url)}`);
        }
      }
      assert.deepEqual([...slots].sort(), ['replica_1', 'replica_2']);
      const init = read(join(COMPOSE, 'postgres/primary-init.sh'));
      for (const slot of slots) assert.ok(init.includes(`pg_create_physical_replication_slot('${slot}')`), slot);
      assert.ok(all.postgres.command.join(' ').includes('wal_level=replica'));
    });
  }


  test('stage 7: separate worker and streaming tiers, and Prometheus on every tier', () => {
    const all = services(7);
    // One image, each tier its roles (decision 0027); the older worker switch is not needed.
    assert.equal(env(all.api).GRAMINSTA_ROLES, 'api');
    assert.equal(env(all.worker).GRAMINSTA_ROLES, 'worker');
    assert.equal(env(all.streaming).GRAMINSTA_ROLES, 'streaming');
    const roles = new Set();
    for (const [name, service] of servers(7)) {
      assert.equal(env(service).GRAMINSTA_WORKER_ENABLED, undefined, name);
      for (const role of String(env(service).GRAMINSTA_ROLES ?? '').split(',')) {
        assert.ok(['api', 'worker', 'streaming', 'web'].includes(role.trim()), `${name}: role ${role}`);
        roles.add(role.trim());
      }
    }
    assert.deepEqual([...roles].sort(), ['api', 'streaming', 'worker'], 'the web app is the web service (nginx)');
    assert.ok(!all.worker.ports, 'nothing routes requests to workers');
    const lb = Object.fromEntries(mounts(all.lb).map(([source, target]) => [target, source]));
    assert.equal(lb['/etc/nginx/upstreams/api.conf'], join(DEPLOY, 'nginx/upstreams/api-split.conf'));
    const prometheus = Object.fromEntries(mounts(all.prometheus).map(([source, target]) => [target, source]));
    assert.equal(prometheus['/etc/prometheus/prometheus.yml'], join(DEPLOY, 'monitoring/prometheus.yml'));
    const scrape = parse(read(join(DEPLOY, 'monitoring/prometheus.yml'))).scrape_configs;
    const scraped = new Set();
    for (const job of scrape.filter((job) => job.job_name.startsWith('graminsta-'))) {
      assert.equal(job.metrics_path, '/actuator/prometheus', job.job_name);
      for (const sd of job.dns_sd_configs) {
        for (const name of sd.names) {
          assert.ok(all[name], `${job.job_name} scrapes ${name}, which is no service`);
          assert.equal(sd.port, 8081, 'the management port (decision 0013)');
          scraped.add(name);
        }
      }
    }
    assert.deepEqual([...scraped].sort(), servers(7).map(([name]) => name).sort(), 'every server tier is scraped');
    assert.doesNotMatch(read(join(COMPOSE, 'stage-7.yml')), /planned|arrives with/);
  });
});
