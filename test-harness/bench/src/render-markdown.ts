import type { BenchResult, BurstRun, ProfileResult, ThroughputRun } from './bench-result.js';
import { labelOrchestrators, labelPath } from './path-identity.js';

const integer = (value: number | null | undefined): string =>
  value == null ? 'n/a' : Math.round(value).toLocaleString('en-US');
const fixed = (value: number | null | undefined, digits = 2): string =>
  value == null ? 'n/a' : value.toFixed(digits);
const percent = (value: number | null | undefined): string =>
  value == null ? '—' : `${(value * 100).toFixed(0)}%`;
const times = (value: number | null | undefined): string => (value == null ? '—' : `${value.toFixed(1)}×`);
const kib = (bytes: number | null | undefined): string =>
  bytes == null ? 'n/a' : `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const verdict = (pass: boolean | null): string => (pass === null ? 'n/a' : pass ? 'met' : '**missed**');

function throughputTable(run: ThroughputRun): string[] {
  const pace =
    run.engineTokensPerSecondPerStream === 0
      ? 'engine unthrottled'
      : `engine paced at ${run.engineTokensPerSecondPerStream} tok/s per stream`;
  return [
    `**Throughput, ${run.streams} concurrent streams** (${pace}, ${run.tokensPerStream} tokens per stream, ${run.windowSeconds} s window)`,
    '',
    '| path | tokens/s | vs direct | relay CPU s / 1k tokens | CPU vs nginx | CPU vs node | cores busy: relay / engine / load gen / machine | failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...run.rows.map(
      (row) =>
        `| ${labelPath(row)} | ${integer(row.tokensPerSecond)} | ${row.relay === 'direct' ? '—' : percent(row.vsDirect)} | ` +
        `${fixed(row.relayCpuSecondsPer1kTokens, 4)} | ${times(row.cpuVsNginx)} | ${times(row.cpuVsNodeProxy)} | ` +
        `${row.relayCpuCores === null ? '—' : fixed(row.relayCpuCores)} / ${fixed(row.engineCpuCores)} / ${fixed(row.generatorCpuCores)} / ${fixed(row.machineCoresBusy)} | ${row.failures} |`,
    ),
    '',
  ];
}

function burstTable(burst: BurstRun): string[] {
  return [
    `**Burst TTFT, ${burst.streams} tasks started together** (all requests sent in the same tick; ${burst.bursts} bursts per path, ` +
      `each once the previous one ended; engine paced at ${burst.engineTokensPerSecondPerStream} tok/s per stream, ` +
      `${burst.tokensPerStream} tokens per task; "added" = percentiles of relayed − direct TTFT for the same seed)`,
    '',
    '| path | TTFT p50 / p99 ms | added TTFT p50 / p99 ms | relay cores busy | failures |',
    '|---|---:|---:|---:|---:|',
    ...burst.rows.map(
      (row) =>
        `| ${labelPath(row)} | ${fixed(row.ttftMs.p50)} / ${fixed(row.ttftMs.p99)} | ` +
        `${row.relay === 'direct' ? '—' : `${fixed(row.addedTtftP50Ms)} / ${fixed(row.addedTtftP99Ms)}`} | ` +
        `${row.relayCpuCores === null ? '—' : fixed(row.relayCpuCores)} | ${row.failures} |`,
    ),
    ...(burst.noiseFloor === null
      ? []
      : [
          `| noise floor (direct again vs direct) | | ${fixed(burst.noiseFloor.addedTtftP50Ms)} / ${fixed(burst.noiseFloor.addedTtftP99Ms)} | | |`,
        ]),
    '',
  ];
}

function profileTables(profile: ProfileResult): string[] {
  const { summary, unit } = profile;
  const title = profile.load === 'admission' ? 'admission' : 'token streaming';
  return [
    `**Orchestrator CPU profile, ${title}** (${profile.description}; ${integer(profile.units)} ${unit}s in a ` +
      `${fixed(profile.windowSeconds, 1)} s window, start-up and warm-up left out; ${fixed(profile.processCpuPerUnitUs)} µs ` +
      `process CPU per ${unit} (/proc, every thread); ${fixed(summary.busyPerUnitUs)} µs busy per ${unit} on the main ` +
      `thread in the profile, which samples wall time and so also counts waits for a core; \`${profile.file}\`)`,
    '',
    `| area | self µs / ${unit} | share |`,
    '|---|---:|---:|',
    ...summary.areas
      .slice(0, 12)
      .map((cost) => `| ${cost.name} | ${fixed(cost.perUnitUs)} | ${percent(cost.share)} |`),
    '',
    `| function | self µs / ${unit} | share |`,
    '|---|---:|---:|',
    ...summary.functions
      .slice(0, 15)
      .map((cost) => `| \`${cost.name}\` | ${fixed(cost.perUnitUs)} | ${percent(cost.share)} |`),
    '',
  ];
}

/** The header sentence on the orchestrators run beside the main one, if any. */
function describeComparedOrchestrators(result: BenchResult): string {
  if (result.comparedOrchestrators.length === 0) return '';
  const names = result.comparedOrchestrators.map((each) => `${each.label} (\`${each.path}\`)`).join(', ');
  return (
    `Beside it, with the same CLI and the same loads: ${names}; ` +
    `the targets judge the main one, ${labelOrchestrators([result.orchestratorNode.version])[0]}. `
  );
}

/** The short markdown report: throughput, latency, memory, admission, targets (with pass/miss and why), profile. */
export function renderMarkdown(result: BenchResult): string {
  const { machine } = result;
  const lines: string[] = [
    `Bench (${result.mode}) ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${result.durationSeconds.toFixed(0)} s; ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(0)} GiB, Node ${machine.node}, ${machine.os}. ` +
      `The orchestrator ran under Node ${result.orchestratorNode.version.replace(/^v/, '')} ` +
      `(\`${result.orchestratorNode.path}\`) as \`${result.orchestratorCommand}\`. ` +
      describeComparedOrchestrators(result) +
      'Fake engine, relay and load generator share the machine; each runs in its own process.' +
      (machine.backgroundCoresBusy > 0.2
        ? ` **Other work kept ${machine.backgroundCoresBusy.toFixed(2)} cores busy before the run started: figures are depressed and noisy.**`
        : ` Background load before the run: ${machine.backgroundCoresBusy.toFixed(2)} cores.`),
    '',
  ];
  for (const relay of result.relays) {
    if (!relay.available)
      lines.push(`- ${relay.label ?? relay.name}: **unavailable**: ${relay.unavailableReason}`);
    else lines.push(`- ${relay.label ?? relay.name}: ${relay.description}`);
  }
  if (result.eventsSubscribers !== undefined) {
    for (const counts of result.eventsSubscribers) {
      lines.push(
        `- status page open (\`--events-subscriber\`): /v1/events read ${counts.events} events; ` +
          `${counts.taskStreams} per-task streams read ${counts.taskEvents} events; ${(counts.bytes / 1024 / 1024).toFixed(1)} MiB in all`,
      );
    }
  }
  for (const page of result.uiPages ?? []) {
    lines.push(
      `- status page open in Chromium (\`--ui\`): ${page.longTasks} long main-thread tasks (longest ` +
        `${page.longestTaskMs} ms), ${page.slowFrames} frames over 50 ms, ${page.errors} console errors, recent tasks ` +
        `shown ${page.recentTasks}; Chromium used ${page.browserCpuSeconds.toFixed(1)} CPU s in ` +
        `${page.openSeconds.toFixed(0)} s (${(page.browserCpuSeconds / Math.max(page.openSeconds, 1e-9)).toFixed(2)} cores on average); ` +
        `its page's main thread was busy ${page.renderer.task.toFixed(2)} s (script ${page.renderer.script.toFixed(2)} s, ` +
        `style ${page.renderer.style.toFixed(2)} s, layout ${page.renderer.layout.toFixed(2)} s)`,
    );
  }
  lines.push('');
  for (const run of result.throughput) lines.push(...throughputTable(run));
  if (result.latency !== null) {
    const latency = result.latency;
    lines.push(
      `**Latency, ${latency.streams} concurrent streams** (engine paced at ${latency.engineTokensPerSecondPerStream} tok/s per stream, ` +
        `${latency.streamsPerPath} seeded streams of ${latency.tokensPerStream} tokens per path; "added" = percentiles of relayed − direct ` +
        'for the same stream and token)',
      '',
      '| path | tokens/s | TTFT p50 / p99 ms | added TTFT p50 / p99 ms | inter-token p50 / p99 ms | added inter-token p50 / p99 ms |',
      '|---|---:|---:|---:|---:|---:|',
      ...latency.rows.map(
        (row) =>
          `| ${labelPath(row)} | ${integer(row.tokensPerSecond)} | ${fixed(row.ttftMs.p50)} / ${fixed(row.ttftMs.p99)} | ` +
          `${row.relay === 'direct' ? '—' : `${fixed(row.addedTtftP50Ms)} / ${fixed(row.addedTtftP99Ms)}`} | ` +
          `${fixed(row.interTokenMs.p50)} / ${fixed(row.interTokenMs.p99)} | ` +
          `${row.relay === 'direct' ? '—' : `${fixed(row.addedInterTokenP50Ms)} / ${fixed(row.addedInterTokenP99Ms)}`} |`,
      ),
      ...(latency.noiseFloor === null
        ? []
        : [
            `| noise floor (direct again vs direct) | | | ${fixed(latency.noiseFloor.addedTtftP50Ms)} / ${fixed(latency.noiseFloor.addedTtftP99Ms)} | | ` +
              `${fixed(latency.noiseFloor.addedInterTokenP50Ms)} / ${fixed(latency.noiseFloor.addedInterTokenP99Ms)} |`,
          ]),
      '',
    );
  }
  if (result.burst !== null) lines.push(...burstTable(result.burst));
  if (result.memory.length > 0) {
    const counts = result.memory[0]?.points.map((point) => point.streams) ?? [];
    lines.push(
      '**Memory** (streams that delivered one token and then stall; RSS delta / streams; heap = JS heap + external after a full GC)',
      '',
      `| path | idle RSS | ${counts.map((count) => `RSS per stream @${count}`).join(' | ')} | heap per stream @${counts.at(-1)} |`,
      `|---|---:|${counts.map(() => '---:').join('|')}|---:|`,
      ...result.memory.map(
        (row) =>
          `| ${labelPath(row)} | ${mib(row.idleRssBytes)} | ${row.points.map((point) => kib(point.rssPerStreamBytes)).join(' | ')} | ` +
          `${kib(row.points.at(-1)?.heapPerStreamBytes)} |`,
      ),
      '',
    );
  }
  if (result.admission.length > 0) {
    lines.push(
      '**Admission** (short tasks of 1–4 tokens at fixed open-loop rates; latency from the scheduled send to the end of the stream)',
      '',
      '| path | sustained tasks/s | steps: offered → completed/s (p50 / p99 ms) |',
      '|---|---:|---|',
      ...result.admission.map(
        (row) =>
          `| ${labelPath(row)} | ${integer(row.sustainedPerSecond)} | ` +
          row.steps
            .map(
              (step) =>
                `${step.offeredPerSecond} → ${integer(step.completedPerSecond)} (${fixed(step.latencyMs.p50, 1)} / ${fixed(step.latencyMs.p99, 1)})` +
                (step.saturated ? ` saturated: ${step.saturationReason}` : ''),
            )
            .join('; ') +
          ' |',
      ),
      '',
    );
  }
  lines.push(
    '**Targets** (issue 12; judged on this run, not tuned to pass; "before" is the figure the issue started from)',
    '',
    '| target | before | goal | measured | result | why |',
    '|---|---|---|---|---|---|',
    // The short (CI) run measures only what its guard needs; the other targets would all read n/a.
    ...(result.mode === 'short'
      ? result.targets.filter((check) => check.id === 'ci-regression-guard')
      : result.targets
    ).map(
      (check) =>
        `| ${check.description} | ${check.before} | ${check.target} | ${check.measured} | ${verdict(check.pass)} | ${check.reason ?? ''} |`,
    ),
    '',
  );
  for (const profile of result.profiles) lines.push(...profileTables(profile));
  return `${lines.join('\n')}\n`;
}
