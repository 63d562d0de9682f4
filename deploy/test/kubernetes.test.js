// deploy/kubernetes: every manifest parses, and what a cluster would accept silently but break
// in production is checked: probes, the graceful stop, the autoscaler's target, selectors that
// match, Ingress backends that exist, /actuator kept private, settings that exist.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { knownSettings, read, run, seconds, yamlDocuments, DEPLOY, REPO } from './support.js';

const DIR = join(DEPLOY, 'kubernetes');
const FILES = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name));
const DOCUMENTS = FILES.flatMap((file) => yamlDocuments(join(DIR, file)).map((doc) => ({ ...doc, file })));
const MANIFESTS = DOCUMENTS.filter((doc) => doc.kind !== 'Kustomization');
const of = (kind) => MANIFESTS.filter((doc) => doc.kind === kind);
const named = (kind, name) => of(kind).find((doc) => doc.metadata.name === name);

const DEPLOYMENTS = of('Deployment');
const API = named('Deployment', 'graminsta-api');
const STREAMING = named('Deployment', 'graminsta-streaming');
const WORKER = named('Deployment', 'graminsta-worker');
const KEDA = join(DIR, 'autoscaling/keda-worker.yaml');
const SPRING_SHUTDOWN_PHASE = 20; // spring.lifecycle.timeout-per-shutdown-phase in application.yml

const labelsMatch = (selector, labels) => Object.entries(selector).every(([key, value]) => labels?.[key] === value);
const containers = (deployment) => deployment.spec.template.spec.containers;
const envOf = (container) => Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry]));
const isServer = (container) => container.image === 'graminsta-server';
const hostOf = (url) => new URL(url.replace(/^jdbc:/, '')).hostname;

describe('kubernetes manifests', () => {
  test('every document parses and says what it is', () => {
    assert.ok(MANIFESTS.length >= 10);
    for (const doc of DOCUMENTS) {
      assert.ok(doc.apiVersion && doc.kind, `${doc.file}: apiVersion and kind`);
      if (doc.kind !== 'Kustomization') assert.ok(doc.metadata?.name, `${doc.file}: metadata.name`);
    }
  });

  test('kustomization.yaml lists every manifest but the secret example, and only files that exist', () => {
    const [kustomization] = DOCUMENTS.filter((doc) => doc.kind === 'Kustomization');
    for (const resource of kustomization.resources) assert.ok(existsSync(join(DIR, resource)), resource);
    const expected = FILES.filter((file) => file !== 'kustomization.yaml' && !file.includes('.example.'));
    assert.deepEqual([...kustomization.resources].sort(), expected.sort());
    assert.equal(kustomization.namespace, named('Namespace', kustomization.namespace)?.metadata.name);
    const images = new Set(DEPLOYMENTS.flatMap((deployment) => containers(deployment).map((container) => container.image)));
    for (const image of images) {
      assert.ok(kustomization.images.some((entry) => entry.name === image), `kustomization sets the image ${image}`);
    }
  });

  test('kubectl kustomize builds it (when kubectl is installed)', (t) => {
    const kubectl = run('sh', ['-c', 'command -v kubectl || true']).stdout.trim();
    if (!kubectl) return t.skip('kubectl is not installed');
    const result = run(kubectl, ['kustomize', DIR]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /image: registry\.example\.com\/graminsta\/server:/);
  });

  test('every Deployment container has readiness and liveness probes on a port it declares', () => {
    assert.deepEqual(DEPLOYMENTS.map((d) => d.metadata.name).sort(),
      ['graminsta-api', 'graminsta-streaming', 'graminsta-web', 'graminsta-worker']);
    for (const deployment of DEPLOYMENTS) {
      for (const container of containers(deployment)) {
        const where = `${deployment.metadata.name}/${container.name}`;
        const ports = (container.ports ?? []).flatMap((port) => [port.name, port.containerPort]);
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          assert.ok(container[probe]?.httpGet, `${where}: ${probe}`);
          assert.ok(ports.includes(container[probe].httpGet.port), `${where}: ${probe} port`);
        }
        if (isServer(container)) {
          assert.equal(container.readinessProbe.httpGet.path, '/actuator/health/readiness', where);
          assert.equal(container.livenessProbe.httpGet.path, '/actuator/health/liveness', where);
          // Flyway runs at start: without a startup probe, liveness would kill a slow first start.
          assert.ok(container.startupProbe?.httpGet, `${where}: startupProbe`);
          const startup = container.startupProbe.periodSeconds * container.startupProbe.failureThreshold;
          assert.ok(startup >= 60, `${where}: the startup probe allows ${startup}s`);
        }
      }
    }
  });

  for (const tier of ['api', 'streaming']) {
    test(`the ${tier} tier stops gracefully: preStop, then the drain, then Spring, all before SIGKILL`, () => {
      const deployment = named('Deployment', `graminsta-${tier}`);
      const spec = deployment.spec.template.spec;
      const [server] = containers(deployment);
      const preStop = server.lifecycle?.preStop?.exec?.command;
      assert.deepEqual(preStop?.slice(0, 1), ['sleep'], 'a preStop sleep');
      const sleep = Number(preStop[1]);
      // A streaming pod closes its sockets as "going away" half-way through the drain.
      const drain = seconds(envOf(server).GRAMINSTA_SHUTDOWN_DRAIN?.value ?? '0s');
      assert.ok(drain > 0, 'GRAMINSTA_SHUTDOWN_DRAIN');
      // The drain, then at most as long again for the last connections to close (ShutdownDrain).
      assert.ok(
        spec.terminationGracePeriodSeconds > sleep + 2 * drain + SPRING_SHUTDOWN_PHASE,
        `terminationGracePeriodSeconds ${spec.terminationGracePeriodSeconds} <= ${sleep} + 2 × ${drain} + ${SPRING_SHUTDOWN_PHASE}`,
      );
      assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0, 'a release never lowers capacity');
    });
  }

  test('no balancer in front loses a request to a stopping pod (docs/decisions/0010)', () => {
    const [server] = containers(API);
    // Endpoints, kube-proxy and the Ingress controller drop a terminating pod in a few seconds:
    // preStop keeps it serving everything meanwhile.
    assert.ok(Number(server.lifecycle.preStop.exec.command[1]) >= 5, 'preStop sleeps at least 5 s');
    // A pod turns GETs away with 503 in the second half of its drain: the Ingress resends them.
    const [ingress] = of('Ingress');
    const retried = ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-next-upstream'] ?? '';
    for (const condition of ['error', 'timeout', 'http_503']) assert.ok(retried.split(' ').includes(condition), condition);
    assert.ok(!retried.includes('non_idempotent'), 'a POST without an Idempotency-Key is never resent');
    // The server must outlast ingress-nginx's idle upstream connections (upstream-keepalive-timeout, 60 s).
    const keepAlive = seconds(/keep-alive-timeout: (\w+)/.exec(readFileSync(join(REPO, 'server/src/main/resources/application.yml'), 'utf8'))[1]);
    assert.ok(keepAlive > 60, `the server keeps idle connections ${keepAlive} s`);
  });

  test('each server tier runs its own role (GRAMINSTA_ROLES, decision 0027), and a worker stops after running work', () => {
    const roles = (deployment) => envOf(containers(deployment)[0]).GRAMINSTA_ROLES?.value;
    assert.equal(roles(API), 'api');
    assert.equal(roles(WORKER), 'worker');
    assert.equal(roles(STREAMING), 'streaming');
    for (const deployment of DEPLOYMENTS) {
      for (const container of containers(deployment).filter(isServer)) {
        assert.equal(envOf(container).GRAMINSTA_WORKER_ENABLED, undefined, `${deployment.metadata.name}: the roles say it`);
      }
    }
    // Running jobs get about 25 s (graminsta.worker.drain-timeout and an interrupt), then Spring 20 s.
    assert.ok(WORKER.spec.template.spec.terminationGracePeriodSeconds > 25 + SPRING_SHUTDOWN_PHASE);
  });

  test('a streaming pod is not ready while its Redis subscription is down: its readiness group holds the streaming check', () => {
    const [server] = containers(STREAMING);
    assert.equal(server.readinessProbe.httpGet.path, '/actuator/health/readiness');
    const settings = readFileSync(join(REPO, 'server/src/main/resources/application.yml'), 'utf8');
    const include = /group:\s*\n\s*readiness:\s*\n\s*include: ([\w,]+)/.exec(settings)?.[1] ?? '';
    assert.deepEqual(include.split(',').sort(), ['readinessState', 'streaming']);
    assert.ok(existsSync(join(REPO, 'server/src/main/java/com/graminsta/streaming/StreamingHealthIndicator.java')),
      'the streaming check is StreamingHealthIndicator');
  });

  test('server pods get no Service variables (a Service named "graminsta" would set GRAMINSTA_PORT)', () => {
    for (const deployment of DEPLOYMENTS) {
      assert.equal(deployment.spec.template.spec.enableServiceLinks, false, deployment.metadata.name);
    }
  });

  test('server containers run as the image user, never root, with CPU requests for the autoscaler', () => {
    for (const deployment of DEPLOYMENTS) {
      const pod = deployment.spec.template.spec;
      assert.equal(pod.securityContext?.runAsNonRoot, true, deployment.metadata.name);
      for (const container of containers(deployment).filter(isServer)) {
        assert.equal(pod.securityContext.runAsUser, 10001, 'the uid the server image creates');
        assert.ok(container.resources?.requests?.cpu, `${deployment.metadata.name}: cpu request`);
        assert.ok(container.resources?.limits?.memory, `${deployment.metadata.name}: memory limit`);
      }
    }
  });

  const hpaOf = (deployment) => of('HorizontalPodAutoscaler').find((hpa) => hpa.spec.scaleTargetRef.name === deployment.metadata.name);

  test('HorizontalPodAutoscalers scale the API on CPU and the streaming tier on open connections, and own their counts', () => {
    assert.equal(of('HorizontalPodAutoscaler').length, 2);
    for (const deployment of [API, STREAMING]) {
      const hpa = hpaOf(deployment);
      assert.ok(hpa, deployment.metadata.name);
      assert.equal(hpa.apiVersion, 'autoscaling/v2');
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
      // A replicas field would reset the autoscaler's count on every kubectl apply.
      assert.equal(deployment.spec.replicas, undefined, deployment.metadata.name);
    }
    assert.ok(hpaOf(API).spec.metrics.some((metric) => metric.type === 'Resource' && metric.resource.name === 'cpu'));
    // Each streaming pod's own gauge, averaged over the pods; the server must publish it, and
    // the adapter's rule must serve it.
    const [connections] = hpaOf(STREAMING).spec.metrics;
    assert.equal(connections.type, 'Pods');
    assert.equal(connections.pods.metric.name, 'graminsta_streaming_connections');
    assert.equal(connections.pods.target.type, 'AverageValue');
    const gauge = read(join(REPO, 'server/src/main/java/com/graminsta/streaming/Connections.java'));
    assert.match(gauge, /Gauge\.builder\("graminsta\.streaming\.connections"/);
    const [adapter] = yamlDocuments(join(DIR, 'autoscaling/prometheus-adapter-values.yaml'));
    assert.ok(adapter.rules.custom.some((rule) => rule.name.as === 'graminsta_streaming_connections'
      && rule.seriesQuery.startsWith('graminsta_streaming_connections{')));
  });

  test('KEDA scales the workers on the jobs due in PostgreSQL (autoscaling/keda-worker.yaml), owning their count', () => {
    const objects = yamlDocuments(KEDA);
    const scaled = objects.find((doc) => doc.kind === 'ScaledObject');
    assert.equal(scaled.apiVersion, 'keda.sh/v1alpha1');
    assert.equal(scaled.spec.scaleTargetRef.name, WORKER.metadata.name);
    assert.ok(scaled.spec.minReplicaCount >= 1, 'recurring jobs need a worker');
    const [trigger] = scaled.spec.triggers;
    assert.equal(trigger.type, 'postgresql');
    // The query names the queue's real table and columns.
    const schema = read(join(REPO, 'server/src/main/resources/db/migration/V5__media.sql'));
    assert.match(trigger.metadata.query, /FROM jobs WHERE state = 'queued' AND run_at <= now\(\)/);
    assert.match(schema, /CREATE TABLE jobs \([^;]*\bstate\b[^;]*\brun_at\b/);
    assert.match(schema, /CREATE INDEX jobs_due ON jobs \(run_at\) WHERE state = 'queued'/);
    const [config] = of('ConfigMap');
    assert.equal(trigger.metadata.host, hostOf(config.data.GRAMINSTA_DATABASE_URL));
    assert.equal(trigger.metadata.userName, config.data.GRAMINSTA_DATABASE_USERNAME);
    const auth = objects.find((doc) => doc.kind === 'TriggerAuthentication' && doc.metadata.name === trigger.authenticationRef.name);
    assert.ok(auth, 'the TriggerAuthentication it names');
    const [secret] = of('Secret');
    for (const ref of auth.spec.secretTargetRef) {
      assert.equal(ref.name, secret.metadata.name);
      assert.ok(ref.key in secret.stringData, ref.key);
    }
    // A replicas field would reset KEDA's count on every kubectl apply of the base.
    assert.equal(WORKER.spec.replicas, undefined);
  });

  test('every Deployment selects its own pods, and every Service and PodDisruptionBudget selects a Deployment', () => {
    for (const deployment of DEPLOYMENTS) {
      assert.ok(labelsMatch(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels), deployment.metadata.name);
    }
    const podsOf = (selector) => DEPLOYMENTS.filter((deployment) => labelsMatch(selector, deployment.spec.template.metadata.labels));
    for (const service of of('Service')) {
      const [target, ...more] = podsOf(service.spec.selector);
      assert.ok(target, `Service ${service.metadata.name} selects no Deployment's pods`);
      assert.deepEqual(more, [], `Service ${service.metadata.name} selects pods of several Deployments`);
      const ports = containers(target).flatMap((container) => (container.ports ?? []).flatMap((port) => [port.name, port.containerPort]));
      for (const port of service.spec.ports) {
        assert.ok(ports.includes(port.targetPort), `Service ${service.metadata.name}: targetPort ${port.targetPort}`);
      }
    }
    for (const budget of of('PodDisruptionBudget')) {
      const [target] = podsOf(budget.spec.selector.matchLabels);
      assert.ok(target, `PodDisruptionBudget ${budget.metadata.name} selects no Deployment's pods`);
      // A budget that allows no eviction blocks every node drain.
      const replicas = hpaOf(target)?.spec.minReplicas ?? target.spec.replicas;
      if (budget.spec.minAvailable !== undefined) assert.ok(budget.spec.minAvailable < replicas, budget.metadata.name);
      if (budget.spec.maxUnavailable !== undefined) assert.ok(budget.spec.maxUnavailable >= 1, budget.metadata.name);
    }
    assert.ok(of('PodDisruptionBudget').some((budget) => podsOf(budget.spec.selector.matchLabels).includes(API)));
  });

  test('the Ingresses send the API paths to the API, streaming to its tier and the rest to the web app, never /actuator', () => {
    const ingress = named('Ingress', 'graminsta');
    const streaming = named('Ingress', 'graminsta-streaming');
    const routes = of('Ingress').flatMap((each) => each.spec.rules.flatMap((rule) => rule.http.paths));
    for (const { path, backend } of routes) {
      const service = named('Service', backend.service.name);
      assert.ok(service, `${path}: no Service ${backend.service.name}`);
      const port = backend.service.port;
      assert.ok(
        service.spec.ports.some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number)),
        `${path}: Service ${backend.service.name} has no port ${JSON.stringify(port)}`,
      );
      assert.doesNotMatch(path, /^\/actuator/, 'health and metrics are not for the internet');
    }
    const to = (path) => routes.find((route) => route.path === path)?.backend.service.name;
    for (const path of ['/api', '/oauth', '/media', '/avatars', '/headers']) assert.equal(to(path), 'graminsta-api', path);
    assert.equal(to('/'), 'graminsta-web');
    assert.equal(to('/api/v1/streaming'), 'graminsta-streaming');
    assert.equal(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size'], '21m');
    // Sockets stay open through an hour of silence; the API keeps the controller's 60 s.
    assert.ok(Number(streaming.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 3600);
    assert.equal(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'], undefined);
    assert.ok(streaming.metadata.annotations['nginx.ingress.kubernetes.io/proxy-next-upstream'].split(' ').includes('http_503'),
      'a draining pod refuses a new handshake with 503: it goes to another');
    const hosts = (each) => each.spec.rules.map((rule) => rule.host);
    assert.deepEqual(hosts(streaming), hosts(ingress), 'one host: ingress-nginx merges them, the longer path wins');
  });

  test('every setting exists, and every ConfigMap and Secret a pod reads is defined', () => {
    const settings = knownSettings();
    const [config] = of('ConfigMap');
    const [secret] = of('Secret');
    for (const key of [...Object.keys(config.data), ...Object.keys(secret.stringData)]) {
      assert.ok(settings.has(key), `${key} is not a Graminsta setting`);
    }
    for (const deployment of DEPLOYMENTS) {
      for (const container of containers(deployment)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) assert.equal(source.configMapRef.name, config.metadata.name);
          if (source.secretRef) assert.equal(source.secretRef.name, secret.metadata.name);
        }
        for (const entry of container.env ?? []) {
          if (entry.name.startsWith('GRAMINSTA_')) assert.ok(settings.has(entry.name), `${entry.name} is not a setting`);
          const ref = entry.valueFrom?.configMapKeyRef;
          if (ref) {
            assert.equal(ref.name, config.metadata.name);
            assert.ok(ref.key in config.data, `${deployment.metadata.name}: ${ref.key} is not in ${ref.name}`);
          }
        }
      }
    }
    // Several API pods cannot share local media: object storage in Kubernetes.
    assert.equal(config.data.GRAMINSTA_STORAGE, 's3');
    assert.ok(config.data.GRAMINSTA_DATABASE_URL.startsWith('jdbc:postgresql://'));
  });
});

// postgres/: the database on CloudNativePG, for clusters that run it themselves. What the
// operations guide promises rests on these settings: a synchronous standby (recovery point 0 for
// acknowledged writes), WAL archived at least once a minute and a nightly base backup to S3, kept
// for the restore window, and a restore to a moment that reads the same archive without writing
// into it.
describe('the database on CloudNativePG (postgres/)', () => {
  const PLUGIN = 'barman-cloud.cloudnative-pg.io';
  const cluster = yamlDocuments(join(DIR, 'postgres/cluster.yaml'));
  const restore = yamlDocuments(join(DIR, 'postgres/restore.example.yaml'));
  const find = (docs, kind) => docs.filter((doc) => doc.kind === kind);
  const [db] = find(cluster, 'Cluster');
  const [store] = find(cluster, 'ObjectStore');
  const archiverOf = (spec) => spec.plugins?.find((plugin) => plugin.name === PLUGIN && plugin.isWALArchiver === true);

  test('three instances, exactly one synchronous standby, each on its own node', () => {
    for (const each of [db, ...find(restore, 'Cluster')]) {
      const where = each.metadata.name;
      assert.equal(each.apiVersion, 'postgresql.cnpg.io/v1', where);
      assert.equal(each.spec.instances, 3, where);
      assert.equal(each.spec.minSyncReplicas, 1, `${where}: a commit waits for a standby`);
      assert.equal(each.spec.maxSyncReplicas, 1, `${where}: for one, not both`);
      assert.equal(each.spec.affinity?.podAntiAffinityType, 'required', where);
      assert.ok(seconds(each.spec.postgresql.parameters.archive_timeout) <= 60, `${where}: archive_timeout`);
    }
  });

  test('the database and its owner are the ones the server connects as', () => {
    const [config] = of('ConfigMap');
    assert.equal(db.spec.bootstrap.initdb.database, 'graminsta');
    assert.equal(db.spec.bootstrap.initdb.owner, config.data.GRAMINSTA_DATABASE_USERNAME);
    assert.equal(new URL(config.data.GRAMINSTA_DATABASE_URL.replace(/^jdbc:/, '')).pathname, '/graminsta');
  });

  test('WAL is archived continuously to an S3 ObjectStore that keeps a restore window', () => {
    const archiver = archiverOf(db.spec);
    assert.ok(archiver, 'the Barman Cloud plugin archives the WAL');
    assert.equal(archiver.parameters.barmanObjectName, store.metadata.name);
    assert.equal(store.apiVersion, 'barmancloud.cnpg.io/v1');
    assert.match(store.spec.configuration.destinationPath, /^s3:\/\/[a-z0-9.-]+\//);
    assert.match(store.spec.retentionPolicy, /^\d+[dwm]$/, 'a retention policy, the window');
    assert.ok(Number.parseInt(store.spec.retentionPolicy, 10) >= 7, 'at least a week');
    assert.ok(store.spec.configuration.wal?.compression, 'compressed WAL');
  });

  test('a base backup is scheduled every day through the plugin, for the cluster that exists', () => {
    for (const [docs, target] of [[cluster, db], [restore, find(restore, 'Cluster')[0]]]) {
      const [scheduled] = find(docs, 'ScheduledBackup');
      assert.ok(scheduled, `${target.metadata.name} has a ScheduledBackup`);
      assert.equal(scheduled.spec.cluster.name, target.metadata.name);
      assert.equal(scheduled.spec.method, 'plugin');
      assert.equal(scheduled.spec.pluginConfiguration.name, PLUGIN);
      // The operator's cron has six fields, seconds first: a five-field one means something else.
      const fields = scheduled.spec.schedule.split(/\s+/);
      assert.equal(fields.length, 6, scheduled.spec.schedule);
      assert.deepEqual(fields.slice(3), ['*', '*', '*'], 'every day');
      assert.ok(/^\d+$/.test(fields[2]), 'once a day, at a set hour');
    }
  });

  test('the restore example recovers to a moment from the same archive and archives under another name', () => {
    const [restored] = find(restore, 'Cluster');
    const { recovery } = restored.spec.bootstrap;
    assert.ok(!Number.isNaN(Date.parse(recovery.recoveryTarget.targetTime.replace(' ', 'T').replace(/\+00$/, 'Z'))), 'a target time');
    const source = restored.spec.externalClusters.find((each) => each.name === recovery.source);
    assert.equal(source.plugin.name, PLUGIN);
    assert.equal(source.plugin.parameters.barmanObjectName, store.metadata.name);
    assert.equal(source.plugin.parameters.serverName, db.metadata.name, 'the backups of the cluster to restore');
    const archiver = archiverOf(restored.spec);
    assert.ok(archiver, 'the restored cluster archives its own WAL');
    assert.notEqual(archiver.parameters.serverName ?? restored.metadata.name, db.metadata.name, 'never over the old archive');
    assert.notEqual(restored.metadata.name, db.metadata.name);
  });
});
