import { describe, expect, it } from 'vitest';
import { containerNameOf, envOf, loadCompose } from '../compose/compose-model';
import { PROCESSES } from '../dev/services';
import { dashboardQueries, loadAlertRules, loadDashboards, loadYaml, metricNamesOf } from './observability-model';

interface Datasources {
  datasources: { uid: string; type: string; url: string }[];
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: Record<string, string> }[] }[];
}

const datasources = loadYaml<Datasources>('grafana', 'provisioning', 'datasources', 'datasources.yml').datasources;
const prometheus = loadYaml<PrometheusConfig>('prometheus', 'prometheus.yml');
const compose = loadCompose();

describe('Grafana dashboards (deploy/observability/grafana)', () => {
  it('have unique uids and at least one panel each', () => {
    const dashboards = loadDashboards();
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const dashboard of dashboards) expect(dashboard.panels.length, dashboard.file).toBeGreaterThan(0);
  });

  it('query the provisioned Prometheus datasource, by its uid, in every panel', () => {
    const uid = datasources.find((source) => source.type === 'prometheus')?.uid;
    expect(uid).toBeDefined();
    for (const query of dashboardQueries()) {
      expect(query.datasourceUid, query.where).toBe(uid);
      expect(metricNamesOf(query.expr).length, `${query.where}: ${query.expr}`).toBeGreaterThan(0);
    }
  });

  it('point the datasources at the compose services that serve them', () => {
    for (const source of datasources) expect(compose.services[new URL(source.url).hostname], source.url).toBeDefined();
  });
});

describe('Prometheus (deploy/observability/prometheus)', () => {
  it('scrapes every API and relay of the system, on the port compose gives it, labelled by service and role', () => {
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets.map((target) => ({ target, ...config.labels }))));
    const expected = PROCESSES.map((spec) => {
      const name = containerNameOf(spec);
      const port = envOf(compose.services[name])[spec.role === 'api' ? 'HTTP_PORT' : 'OUTBOX_RELAY_HTTP_PORT'];
      return { target: `${name}:${port}`, service: spec.service, role: spec.role };
    });
    expect(new Set(targets.map((t) => JSON.stringify(t)))).toEqual(new Set(expected.map((t) => JSON.stringify(t))));
  });

  it('alerts on a stuck outbox, a growing consumer lag and an open breaker, each after a grace period', () => {
    const rules = loadAlertRules();
    expect(rules.map((rule) => rule.alert).sort()).toEqual(['CircuitBreakerOpen', 'ConsumerLagGrowing', 'OutboxStuck']);
    for (const rule of rules) expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
  });

  it('is mounted into the compose services with the files it names', () => {
    const mounts = (name: string) => (compose.services[name].volumes ?? []).map(String);
    expect(mounts('prometheus')).toEqual(
      expect.arrayContaining([expect.stringContaining('prometheus.yml:/etc/prometheus/prometheus.yml'), expect.stringContaining('alerts.yml:/etc/prometheus/alerts.yml')]),
    );
    expect(mounts('grafana')).toEqual(expect.arrayContaining([expect.stringContaining('grafana/dashboards:/var/lib/grafana/dashboards')]));
  });
});
