import { TASK_LABELS } from './metric-labels.js';

/** A metric family as documented in specs/metrics.md. */
export interface DocumentedMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: readonly string[];
}

/** Prefixes of prom-client's default process and Node.js families, served beside ours (ORCH-MET-010). */
const DEFAULT_FAMILY_PREFIXES = ['process_', 'nodejs_'] as const;

/**
 * Checks a Prometheus text scrape against the documented metrics: every family has HELP and TYPE, the
 * documented type and exactly the documented labels; counters end in `_total`; names are `orch_` snake case;
 * per-task families (those with a replica and a priority) carry every task label; any other family is one of
 * prom-client's defaults. Returns the problems found (empty when the scrape is clean).
 */
export function lintMetricsText(text: string, documented: readonly DocumentedMetric[]): string[] {
  const problems: string[] = [];
  const help = new Set<string>();
  const types = new Map<string, string>();
  const labelsSeen = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP ')) help.add(line.split(' ')[2] ?? '');
    else if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name ?? '', type ?? '');
    } else if (line.length > 0 && !line.startsWith('#')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
      if (match === null) {
        problems.push(`unparseable sample line: ${line}`);
        continue;
      }
      const family = (match[1] as string).replace(/_(bucket|sum|count)$/, '');
      const labels = labelsSeen.get(family) ?? new Set<string>();
      for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
        if (pair[1] !== 'le') labels.add(pair[1] as string);
      }
      labelsSeen.set(family, labels);
    }
  }
  const byName = new Map(documented.map((metric) => [metric.name, metric]));
  for (const [name, type] of types) {
    if (!name.startsWith('orch_')) {
      if (!DEFAULT_FAMILY_PREFIXES.some((prefix) => name.startsWith(prefix)))
        problems.push(`${name} is neither an orch_ family nor a default process_/nodejs_ one`);
      continue;
    }
    const doc = byName.get(name);
    if (doc === undefined) {
      problems.push(`${name} is exposed but not documented`);
      continue;
    }
    if (!help.has(name)) problems.push(`${name} has no HELP line`);
    if (doc.type !== type) problems.push(`${name} is a ${type}, documented as a ${doc.type}`);
    if (!/^orch_[a-z0-9_]+$/.test(name)) problems.push(`${name} is not snake case`);
    if (type === 'counter' && !name.endsWith('_total'))
      problems.push(`counter ${name} does not end in _total`);
    const seen = labelsSeen.get(name);
    if (seen !== undefined) {
      const expected = [...doc.labels].sort().join(',');
      const actual = [...seen].sort().join(',');
      if (expected !== actual) problems.push(`${name} has labels {${actual}}, documented {${expected}}`);
    }
  }
  for (const metric of documented) {
    if (!types.has(metric.name)) problems.push(`${metric.name} is documented but not exposed`);
    const perTask = metric.labels.includes('priority') && metric.labels.includes('replica_id');
    if (perTask && !TASK_LABELS.every((label) => metric.labels.includes(label))) {
      problems.push(`${metric.name} is per task but lacks some of ${TASK_LABELS.join(', ')}`);
    }
  }
  return problems;
}
