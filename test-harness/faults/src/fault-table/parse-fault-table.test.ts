import { describe, expect, it } from 'vitest';
import { FAULT_TABLE_COLUMNS, FaultTableError, parseFaultTable } from './parse-fault-table.js';

const HEADER = `| ${FAULT_TABLE_COLUMNS.join(' | ')} |\n|${FAULT_TABLE_COLUMNS.map(() => '---').join('|')}|`;

function table(...rows: string[]): string {
  return `# Faults\n\nSome prose.\n\n${HEADER}\n${rows.join('\n')}\n\nAfter the table.\n`;
}

const ENVELOPE_ROW =
  '| ORCH-FLT-001 | refused | llamacpp (fake) | `{"refuse":true}` | faulty | 503 | error envelope | engine_unavailable | — | — | 0 | `orch_tasks_rejected_total{code="engine_unavailable"}` | closed |';
const ERROR_ROW =
  '| ORCH-FLT-002 | killed | llama-server | SIGKILL after token 2 | faulty + healthy | 200 | started, tokens, error | stream_truncated | ≥ 2 | 1 | 0 | `orch_tasks_failed_total{code="stream_truncated"}` | open |';
const END_ROW =
  '| ORCH-FLT-003 | slow | llamacpp (fake) | `{"tokensPerSecond":40}` | faulty | 200 | started, tokens, end | — | all | 2 | 1 | `orch_tasks_finished_total` | closed |';

describe('parseFaultTable', () => {
  it('reads every cell of the table with the fixed header, and only that table', () => {
    const rows = parseFaultTable(table(ENVELOPE_ROW, ERROR_ROW, END_ROW));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      id: 'ORCH-FLT-001',
      engine: 'llamacpp (fake)',
      injection: '{"refuse":true}',
      replicas: 'faulty',
      httpStatus: 503,
      clientSees: 'error envelope',
      code: 'engine_unavailable',
      tokensDelivered: { kind: 'none' },
      attempt: undefined,
      retries: 0,
      countedAs: { name: 'orch_tasks_rejected_total', labels: { code: 'engine_unavailable' } },
      faultyBreaker: 'closed',
      line: 7,
    });
    expect(rows[1]).toMatchObject({
      injection: 'SIGKILL after token 2',
      replicas: 'faulty + healthy',
      tokensDelivered: { kind: 'at least', count: 2 },
      attempt: 1,
      faultyBreaker: 'open',
    });
    expect(rows[2]).toMatchObject({
      code: undefined,
      tokensDelivered: { kind: 'all' },
      attempt: 2,
      retries: 1,
      countedAs: { name: 'orch_tasks_finished_total', labels: {} },
    });
  });

  it('fails when no table has the fixed header', () => {
    expect(() => parseFaultTable('| ID | Fault |\n|---|---|\n| a | b |\n')).toThrow(FaultTableError);
  });

  it.each([
    ['a code outside the taxonomy', ENVELOPE_ROW.replace('engine_unavailable |', 'engine_down |')],
    ['a missing cell', ENVELOPE_ROW.replace('| closed |', '|')],
    ['an ID of the wrong form', ENVELOPE_ROW.replace('ORCH-FLT-001', 'FLT-1')],
    ['a code on a stream ending with end', END_ROW.replace('| — | all |', '| engine_error | all |')],
    ['tokens on an envelope', ENVELOPE_ROW.replace('| — | — | 0 |', '| 3 | — | 0 |')],
    ['an attempt on an envelope', ENVELOPE_ROW.replace('| — | — | 0 |', '| — | 1 | 0 |')],
    ['a stream without an attempt', ERROR_ROW.replace('| ≥ 2 | 1 |', '| ≥ 2 | — |')],
    ['an unknown layout', ENVELOPE_ROW.replace('| faulty |', '| two faulty |')],
    ['an unknown breaker state', ENVELOPE_ROW.replace('| closed |', '| tripped |')],
    [
      'a counter that is not a selector',
      ENVELOPE_ROW.replace('`orch_tasks_rejected_total{code="engine_unavailable"}`', 'rejected tasks'),
    ],
    ['an HTTP status that is no status', ENVELOPE_ROW.replace('| 503 |', '| ok |')],
  ])('rejects a row with %s, naming its line', (_what, row) => {
    expect(() => parseFaultTable(table(row))).toThrow(/specs\/faults\.md:7:/);
  });

  it('rejects an ID that appears twice', () => {
    expect(() => parseFaultTable(table(ENVELOPE_ROW, ENVELOPE_ROW))).toThrow(/appears twice/);
  });
});
