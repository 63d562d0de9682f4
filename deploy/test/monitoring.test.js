// deploy/monitoring: the alert rules pass `promtool check rules` and their unit tests
// (alerts.test.yml, `promtool test rules`), prometheus.yml passes `promtool check config` with the
// rules it loads, stage 7 mounts those rules beside it, and the dashboards are Grafana JSON whose
// panels all have a query. That every panel's query runs against a real Prometheus scraping a
// real server is server/src/test/.../platform/DashboardQueriesTests (it needs the server).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { read, run, tool, DEPLOY } from './support.js';

const MONITORING = join(DEPLOY, 'monitoring');

describe('monitoring', { timeout: 60_000 }, () => {
  test('alerts.yml passes promtool check rules', () => {
    const result = run(tool('promtool'), ['check', 'rules', join(MONITORING, 'alerts.yml')]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  test('each alert fires and stays quiet as alerts.test.yml expects (promtool test rules)', () => {
    const result = run(tool('promtool'), ['test', 'rules', 'alerts.test.yml'], { cwd: MONITORING });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  test('every alert is tested, and has a severity, a for and a description', () => {
    const rules = parse(read(join(MONITORING, 'alerts.yml'))).groups.flatMap((group) => group.rules);
    const tested = new Set(parse(read(join(MONITORING, 'alerts.test.yml'))).tests
      .flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    const alerts = rules.filter((rule) => rule.alert);
    assert.deepEqual(alerts.map((rule) => rule.alert).sort(),
      ['GraminstaDiskFilling', 'GraminstaJobsWaiting', 'GraminstaReplicaLagging', 'GraminstaRouteErrors', 'GraminstaRouteSlow']);
    for (const rule of alerts) {
      assert.ok(tested.has(rule.alert), `${rule.alert} is expected to fire in some test`);
      assert.match(rule.labels?.severity ?? '', /^(critical|warning)$/, rule.alert);
      assert.ok(rule.for, `${rule.alert} has a for:`);
      assert.ok(rule.annotations?.description, `${rule.alert} has a description`);
    }
  });

  test('prometheus.yml passes promtool check config with its rules, and stage 7 mounts them beside it', () => {
    const result = run(tool('promtool'), ['check', 'config', join(MONITORING, 'prometheus.yml')]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const config = parse(read(join(MONITORING, 'prometheus.yml')));
    assert.deepEqual(config.rule_files, ['alerts.yml']);
    assert.match(read(join(DEPLOY, 'compose/stage-7.yml')), /^\s*- \.\.\/monitoring\/alerts\.yml:\/etc\/prometheus\/alerts\.yml:ro$/m);
  });

  test('the dashboards are Grafana JSON models with unique ids, and every panel but a row has a query', () => {
    const files = readdirSync(join(MONITORING, 'dashboards')).filter((name) => name.endsWith('.json'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const dashboard = JSON.parse(read(join(MONITORING, 'dashboards', file)));
      assert.ok(dashboard.uid && dashboard.title && dashboard.schemaVersion, file);
      const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      assert.equal(new Set(panels.map((panel) => panel.id)).size, panels.length, `${file}: panel ids are unique`);
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        assert.ok(panel.targets?.length > 0, `${file}: ${panel.title} has a query`);
        for (const target of panel.targets) assert.ok(target.expr?.trim(), `${file}: ${panel.title}`);
      }
    }
  });
});
