import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { infraSettings } from '../infra/settings';

const dir = () => join(infraSettings().repoRoot, 'deploy', 'observability');

export interface DashboardQuery {
  where: string;
  datasourceUid?: string;
  expr: string;
}

interface Panel {
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  panels: Panel[];
}

export function loadDashboards(): Dashboard[] {
  const folder = join(dir(), 'grafana', 'dashboards');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(folder, file), 'utf8')) }));
}

/** Every PromQL query of every panel (rows' nested panels too), with where it is. */
export function dashboardQueries(dashboards = loadDashboards()): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  const visit = (dashboard: Dashboard, panel: Panel) => {
    for (const target of panel.targets ?? []) {
      queries.push({ where: `${dashboard.file}: ${panel.title}`, datasourceUid: target.datasource?.uid ?? panel.datasource?.uid, expr: target.expr ?? '' });
    }
    panel.panels?.forEach((child) => visit(dashboard, child));
  };
  for (const dashboard of dashboards) dashboard.panels.forEach((panel) => visit(dashboard, panel));
  return queries;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
}

export function loadAlertRules(): AlertRule[] {
  const file = parse(readFileSync(join(dir(), 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}

export function loadYaml<T>(...path: string[]): T {
  return parse(readFileSync(join(dir(), ...path), 'utf8')) as T;
}

const PROMQL_WORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'histogram_quantile', 'label_values', 'abs', 'clamp_min',
  'clamp_max', 'avg_over_time', 'max_over_time', 'min_over_time', 'sum_over_time', 'absent', 'vector', 'time',
]);

/**
 * The metric names a PromQL expression reads: its identifiers, less functions, keywords, label
 * names (inside `{...}` and `by (...)`), durations and Grafana's `$variables`.
 */
export function metricNamesOf(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, '').replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const withoutRanges = withoutLabels.replace(/\[[^\]]*\]/g, '');
  const names = withoutRanges.match(/(?<![\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w(])/g) ?? [];
  const functionsUsed = new Set(withoutRanges.match(/[a-zA-Z_]+(?=\s*\()/g) ?? []);
  return [...new Set(names.filter((name) => !PROMQL_WORDS.has(name) && !functionsUsed.has(name)))];
}

/** The metric names a Prometheus text exposition declares (`# TYPE`), with a histogram's series. */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}
