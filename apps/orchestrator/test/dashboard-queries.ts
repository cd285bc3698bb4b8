import { readFileSync } from 'node:fs';

/** The dashboard shipped in the repository. */
export const DASHBOARD = new URL('../../../deploy/grafana/orch-dashboard.json', import.meta.url);

export interface Panel {
  title?: string;
  type: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; query?: unknown }[] };
}

/** Every PromQL expression of the dashboard: panel targets (rows included) and query variables. */
export function collectExpressions(dashboard: Dashboard): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const visit = (panel: Panel) => {
    for (const target of panel.targets ?? []) {
      if (target.expr !== undefined) found.push({ where: `panel "${panel.title}"`, expr: target.expr });
    }
    for (const inner of panel.panels ?? []) visit(inner);
  };
  for (const panel of dashboard.panels) visit(panel);
  for (const variable of dashboard.templating.list) {
    const query = variable.query as { query?: string } | string | undefined;
    const text = typeof query === 'string' ? query : query?.query;
    // `label_values(metric, label)` names its metric first.
    const metric = text === undefined ? undefined : /^label_values\(\s*([^,)]+)/.exec(text)?.[1];
    if (metric !== undefined) found.push({ where: `variable "${variable.name}"`, expr: metric.trim() });
  }
  return found;
}

/** Reads and parses {@link DASHBOARD}. */
export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
}

/** An expression with Grafana's variables given plain values, so that Prometheus' own parser can check it. */
export function substituteGrafanaVariables(expression: string): string {
  return expression.replace(/\$__(?:rate_interval|interval|range)/g, '5m').replace(/\$\{?\w+\}?/g, '.*');
}
