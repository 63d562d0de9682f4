// The Dockerfiles in deploy/docker cannot be built here (no Docker engine), so what a build
// would find wrong is checked by reading them: every file they copy exists in the repository
// (the build context), the jar is the one the pom and the launcher make, the web app lands
// where nginx serves it, and the runtime is what production needs (non-root, libvips, native
// access, health checks). The shell scripts the images and compose files run must parse.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import { read, run, DEPLOY, REPO } from './support.js';

/** The instructions of a Dockerfile, grouped by stage: [{ from, name, steps: [{ op, flags, args }] }]. */
function parseDockerfile(path) {
  const lines = read(path).replace(/\\\n/g, ' ').split('\n');
  const stages = [];
  for (const line of lines.map((text) => text.trim()).filter((text) => text && !text.startsWith('#'))) {
    const [, op, rest] = line.match(/^(\w+)\s+(.*)$/);
    const words = rest.startsWith('[') ? JSON.parse(rest) : rest.split(/\s+/);
    const flags = Object.fromEntries(words.filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=')));
    const args = rest.startsWith('[') ? words : words.filter((w) => !w.startsWith('--'));
    if (op.toUpperCase() === 'FROM') {
      stages.push({ from: args[0], name: args[2], steps: [] });
    } else {
      stages.at(-1).steps.push({ op: op.toUpperCase(), flags, args, text: rest });
    }
  }
  return stages;
}

const steps = (stage, op) => stage.steps.filter((step) => step.op === op);
const workdir = (stage) => steps(stage, 'WORKDIR').at(-1)?.args[0] ?? '/';
/** Where COPY puts things: a relative destination is relative to the WORKDIR before it. */
function copies(stage) {
  let dir = '/';
  const out = [];
  for (const step of stage.steps) {
    if (step.op === 'WORKDIR') dir = posix.resolve(dir, step.args[0]);
    if (step.op === 'COPY') {
      const sources = step.args.slice(0, -1);
      const destination = posix.resolve(dir, step.args.at(-1));
      out.push({ from: step.flags.from, sources, destination, flags: step.flags });
    }
  }
  return out;
}

const SERVER = parseDockerfile(join(DEPLOY, 'docker/server.Dockerfile'));
const WEB = parseDockerfile(join(DEPLOY, 'docker/web.Dockerfile'));

/** Every file and folder web/tsconfig.json and index.html need for `npm run build`. */
function webBuildInputs() {
  const tsconfig = JSON.parse(read(join(REPO, 'web/tsconfig.json')));
  const included = tsconfig.include.map((pattern) => pattern.split('/')[0].replace(/\*.*$/, ''));
  return new Set(['package.json', 'package-lock.json', 'index.html', 'public', ...included].map((name) => `web/${name}`));
}

describe('the Dockerfiles', () => {
  for (const [name, stages] of [
    ['server.Dockerfile', SERVER],
    ['web.Dockerfile', WEB],
  ]) {
    test(`${name} copies only files that exist in the repository`, () => {
      for (const stage of stages) {
        for (const copy of copies(stage).filter((copy) => !copy.from)) {
          for (const source of copy.sources) assert.ok(existsSync(join(REPO, source)), `${name}: COPY ${source}`);
        }
      }
    });

    test(`${name} builds the web app with Node.js 20 from everything its build reads`, () => {
      const web = stages.find((stage) => stage.from.startsWith('node:20'));
      assert.ok(web, 'a node:20 stage');
      const copied = new Set(copies(web).flatMap((copy) => copy.sources));
      for (const input of webBuildInputs()) assert.ok(copied.has(input), `${name} does not copy ${input}`);
      assert.ok(steps(web, 'RUN').some((step) => /npm ci\b/.test(step.text)), 'npm ci (the lockfile)');
      assert.ok(steps(web, 'RUN').some((step) => /npm run build\b/.test(step.text)));
    });
  }

  test('server.Dockerfile builds the jar the pom names, with the Maven wrapper, on a Temurin 25 JDK', () => {
    const finalName = read(join(REPO, 'server/pom.xml')).match(/<finalName>([^<]+)<\/finalName>/)[1];
    const launcherJar = read(join(REPO, 'graminsta')).match(/JAR="\$SERVER_DIR\/(target\/[^"]+)"/)[1];
    assert.equal(launcherJar, `target/${finalName}.jar`, 'the launcher and the pom agree');
    const build = SERVER.find((stage) => /^eclipse-temurin:25-jdk/.test(stage.from));
    assert.ok(build, 'a Temurin 25 JDK stage');
    assert.ok(steps(build, 'RUN').some((step) => /\.\/mvnw\b.*\bpackage\b/.test(step.text)));
    // The pom packages ../web/dist: the web stage's output must be there.
    const dist = copies(build).find((copy) => copy.from === SERVER[0].name);
    assert.equal(dist.destination, posix.resolve(workdir(build), '../web/dist'));
    assert.equal(dist.sources[0], posix.resolve(workdir(SERVER[0]), 'dist'));
    // Unpacked from that jar, as the launcher runs it (launcher/fast-start.sh).
    const extract = steps(build, 'RUN').find((step) => /-Djarmode=tools -jar target\/\S+ extract\b/.test(step.text));
    assert.ok(extract, 'the jar extracted with Spring Boot\'s jarmode tools');
    assert.equal(extract.text.match(/-jar (\S+) extract/)[1], `target/${finalName}.jar`);
    const extracted = extract.text.match(/--destination (\S+)/)[1];
    const runtime = SERVER.at(-1);
    const app = copies(runtime).find((copy) => copy.from === build.name);
    assert.equal(app.sources[0], posix.resolve(workdir(build), extracted));
    const [entrypoint] = steps(runtime, 'ENTRYPOINT');
    assert.equal(entrypoint.args[entrypoint.args.indexOf('-jar') + 1], posix.join(app.destination, `${finalName}.jar`));
  });

  test('server.Dockerfile trains the AOT cache the entrypoint uses, with the same java options', () => {
    const runtime = SERVER.at(-1);
    const [entrypoint] = steps(runtime, 'ENTRYPOINT');
    const cache = entrypoint.args.find((arg) => arg.startsWith('-XX:AOTCache='));
    assert.ok(cache, 'the entrypoint uses an AOT cache');
    const training = steps(runtime, 'RUN').find((step) => step.text.includes('-XX:AOTCacheOutput='));
    assert.ok(training, 'a training run');
    assert.equal(training.text.match(/-XX:AOTCacheOutput=(\S+)/)[1], cache.slice('-XX:AOTCache='.length));
    assert.match(training.text, /-Dspring\.context\.exit=onRefresh/);
    const jar = entrypoint.args[entrypoint.args.indexOf('-jar') + 1];
    assert.ok(training.text.includes(`-jar ${jar}`), 'trained on the jar the entrypoint runs');
    for (const option of entrypoint.args.slice(1, entrypoint.args.indexOf('-jar')).filter((arg) => !arg.startsWith('-XX:AOTCache='))) {
      assert.ok(training.text.includes(option), `the training run has ${option} too`);
    }
  });

  test('the server runs on a Temurin 25 JRE, as a non-root user, with libvips and native access', () => {
    const runtime = SERVER.at(-1);
    assert.match(runtime.from, /^eclipse-temurin:25-jre/);
    assert.ok(steps(runtime, 'RUN').some((step) => /apt-get install[^&]*libvips42/.test(step.text)), 'libvips42');
    const user = steps(runtime, 'USER').at(-1).args[0].split(':')[0];
    assert.match(user, /^\d+$/, 'a numeric user, which runAsNonRoot can check');
    assert.notEqual(user, '0');
    const [entrypoint] = steps(runtime, 'ENTRYPOINT');
    assert.equal(entrypoint.args[0], 'java');
    assert.ok(entrypoint.args.includes('--enable-native-access=ALL-UNNAMED'));
    assert.deepEqual(steps(runtime, 'EXPOSE').map((step) => step.args[0]), ['8080']);
    assert.match(steps(runtime, 'HEALTHCHECK')[0].text, /\/actuator\/health\/liveness/);
  });

  test('web.Dockerfile puts the app, web.conf and the start script where the nginx image uses them', () => {
    const runtime = WEB.at(-1);
    assert.match(runtime.from, /nginx/);
    const destination = (source) => copies(runtime).find((copy) => copy.sources.includes(source))?.destination;
    assert.equal(destination('deploy/nginx/web.conf'), '/etc/nginx/nginx.conf');
    // web.conf includes web-origins.conf relative to its own folder.
    assert.match(read(join(DEPLOY, 'nginx/web.conf')), /^\s*include web-origins\.conf;/m);
    assert.equal(destination('deploy/nginx/web-origins.conf'), '/etc/nginx/web-origins.conf');
    const script = copies(runtime).find((copy) => copy.sources.includes('deploy/docker/web-config.sh'));
    assert.match(script.destination, /^\/docker-entrypoint\.d\/\d+-[\w-]+\.sh$/);
    assert.equal(script.flags.chmod, '0755', 'the image entrypoint runs only executable scripts');
    const root = read(join(DEPLOY, 'nginx/web.conf')).match(/^\s*root ([^;]+);/m)[1];
    const dist = copies(runtime).find((copy) => copy.from === WEB[0].name);
    assert.equal(dist.destination, root);
    // The start script writes where the image keeps the two files, by default.
    const startScript = read(join(DEPLOY, 'docker/web-config.sh'));
    assert.ok(startScript.includes(`root=\${WEB_CONFIG_ROOT:-${root}}`));
    assert.ok(startScript.includes('origins_conf=${WEB_ORIGINS_CONF:-/etc/nginx/web-origins.conf}'));
    assert.ok(existsSync(join(REPO, 'web/public/config.json')), 'the build has a config.json to rewrite');
    const listen = read(join(DEPLOY, 'nginx/web.conf')).match(/^\s*listen (\d+);/m)[1];
    assert.deepEqual(steps(runtime, 'EXPOSE').map((step) => step.args[0]), [listen]);
    assert.match(steps(runtime, 'HEALTHCHECK')[0].text, /\/healthz/);
    assert.match(read(join(DEPLOY, 'nginx/web.conf')), /location = \/healthz/);
    assert.match(steps(runtime, 'USER').at(-1).args[0], /^[1-9]\d*$/, 'nginx as a non-root user');
  });
});

describe('the shell scripts', () => {
  const scripts = [];
  (function walk(dir) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sh')) scripts.push(path);
    }
  })(DEPLOY);

  test('there are some', () => assert.ok(scripts.length >= 4));

  for (const script of scripts) {
    const name = script.slice(DEPLOY.length + 1);
    test(`${name} parses as POSIX sh and is executable`, () => {
      assert.match(read(script), /^#!\/bin\/sh\n/);
      const result = run('sh', ['-n', script]);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(statSync(script).mode & 0o111, `${name} is not executable`);
    });
  }
});
