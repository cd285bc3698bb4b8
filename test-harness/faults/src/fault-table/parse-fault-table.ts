import { isErrorCode } from '@orch/adapter-api';
import type {
  BreakerState,
  ClientSees,
  CounterSelector,
  FaultRow,
  ReplicaLayout,
  TokensDelivered,
} from './fault-row.js';

/** The header of the fault table, column for column: the layout the parser and the spec agree on. */
export const FAULT_TABLE_COLUMNS = [
  'ID',
  'Fault',
  'Engine',
  'Injection',
  'Replicas',
  'HTTP',
  'Client sees',
  'Code',
  'Tokens delivered',
  'Attempt',
  'Retries',
  'Counted as',
  'Faulty breaker',
] as const;

const CLIENT_SEES: readonly ClientSees[] = [
  'error envelope',
  'started, tokens, end',
  'started, tokens, error',
];
const REPLICAS: readonly ReplicaLayout[] = ['faulty', 'faulty + healthy'];
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half_open', 'open'];
const NONE = '—';
const ROW_ID = /^ORCH-FLT-\d{3}$/;

/** A fault table cell that breaks the layout, with where it is. */
export class FaultTableError extends Error {
  constructor(message: string, line: number) {
    super(`specs/faults.md:${line}: ${message}`);
    this.name = 'FaultTableError';
  }
}

/** Splits a markdown table line into trimmed cells, without the outer pipes and inline-code backticks. */
function splitCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'));
}

/**
 * Reads the fault table of `specs/faults.md`: the markdown table whose header is exactly
 * {@link FAULT_TABLE_COLUMNS}. Every cell is validated; a malformed row throws a {@link FaultTableError} naming
 * its line, so the spec cannot drift into a shape the suite would misread.
 */
export function parseFaultTable(markdown: string): FaultRow[] {
  const lines = markdown.split(/\r\n|\n/);
  const headerIndex = lines.findIndex(
    (line) => line.trim().startsWith('|') && splitCells(line).join('|') === FAULT_TABLE_COLUMNS.join('|'),
  );
  if (headerIndex === -1) {
    throw new FaultTableError(`no table with the columns ${FAULT_TABLE_COLUMNS.join(' | ')}`, 1);
  }
  const rows: FaultRow[] = [];
  const seen = new Set<string>();
  for (let index = headerIndex + 2; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (!line.trim().startsWith('|')) break;
    const row = parseRow(splitCells(line), index + 1);
    if (seen.has(row.id)) throw new FaultTableError(`${row.id} appears twice`, row.line);
    seen.add(row.id);
    rows.push(row);
  }
  if (rows.length === 0) throw new FaultTableError('the fault table has no rows', headerIndex + 1);
  return rows;
}

function parseRow(cells: string[], line: number): FaultRow {
  if (cells.length !== FAULT_TABLE_COLUMNS.length) {
    throw new FaultTableError(`expected ${FAULT_TABLE_COLUMNS.length} cells, found ${cells.length}`, line);
  }
  const cell = (column: (typeof FAULT_TABLE_COLUMNS)[number]) =>
    cells[FAULT_TABLE_COLUMNS.indexOf(column)] as string;
  const oneOf = <T extends string>(column: (typeof FAULT_TABLE_COLUMNS)[number], allowed: readonly T[]) => {
    const value = cell(column);
    if (!(allowed as readonly string[]).includes(value)) {
      throw new FaultTableError(`${column} "${value}" is not one of: ${allowed.join(', ')}`, line);
    }
    return value as T;
  };
  const id = cell('ID');
  if (!ROW_ID.test(id)) throw new FaultTableError(`ID "${id}" is not of the form ORCH-FLT-nnn`, line);
  const clientSees = oneOf('Client sees', CLIENT_SEES);
  const stream = clientSees !== 'error envelope';
  const code = parseCode(cell('Code'), clientSees, line);
  const tokensDelivered = parseTokens(cell('Tokens delivered'), clientSees, line);
  const attempt = parseOptionalCount(cell('Attempt'), 'Attempt', line);
  if (stream !== (attempt !== undefined)) {
    throw new FaultTableError(`Attempt is "${NONE}" exactly when the client sees no stream`, line);
  }
  const retries = parseOptionalCount(cell('Retries'), 'Retries', line);
  if (retries === undefined) throw new FaultTableError('Retries must be a number', line);
  return {
    id,
    fault: cell('Fault'),
    engine: cell('Engine'),
    injection: cell('Injection'),
    replicas: oneOf('Replicas', REPLICAS),
    httpStatus: parseStatus(cell('HTTP'), line),
    clientSees,
    code,
    tokensDelivered,
    attempt,
    retries,
    countedAs: parseCounter(cell('Counted as'), line),
    faultyBreaker: oneOf('Faulty breaker', BREAKER_STATES),
    line,
  };
}

function parseStatus(text: string, line: number): number {
  const status = Number(text);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new FaultTableError(`HTTP "${text}" is not a status code`, line);
  }
  return status;
}

function parseCode(text: string, clientSees: ClientSees, line: number): FaultRow['code'] {
  if (clientSees === 'started, tokens, end') {
    if (text !== NONE)
      throw new FaultTableError(`a stream ending with end has no Code (write ${NONE})`, line);
    return undefined;
  }
  if (!isErrorCode(text)) throw new FaultTableError(`Code "${text}" is not in the error taxonomy`, line);
  return text;
}

function parseTokens(text: string, clientSees: ClientSees, line: number): TokensDelivered {
  if (clientSees === 'error envelope') {
    if (text !== NONE)
      throw new FaultTableError(`an error envelope delivers no tokens (write ${NONE})`, line);
    return { kind: 'none' };
  }
  if (clientSees === 'started, tokens, end') {
    if (text !== 'all') throw new FaultTableError('a stream ending with end delivers "all" tokens', line);
    return { kind: 'all' };
  }
  const atLeast = /^≥\s*(\d+)$/.exec(text);
  if (atLeast !== null) return { kind: 'at least', count: Number(atLeast[1]) };
  if (/^\d+$/.test(text)) return { kind: 'exactly', count: Number(text) };
  throw new FaultTableError(`Tokens delivered "${text}" is not a count or "≥ n"`, line);
}

function parseOptionalCount(text: string, column: string, line: number): number | undefined {
  if (text === NONE) return undefined;
  if (!/^\d+$/.test(text)) throw new FaultTableError(`${column} "${text}" is not a count or ${NONE}`, line);
  return Number(text);
}

/** `name{label="value",…}` → selector. */
export function parseCounterSelector(text: string): CounterSelector | undefined {
  const match = /^([a-z_][a-z0-9_]*)(?:\{(.*)\})?$/.exec(text);
  if (match === null) return undefined;
  const labels: Record<string, string> = {};
  const body = match[2] ?? '';
  if (body.length > 0) {
    for (const pair of body.split(',')) {
      const label = /^\s*([a-z_][a-z0-9_]*)="([^"]*)"\s*$/.exec(pair);
      if (label === null) return undefined;
      labels[label[1] as string] = label[2] as string;
    }
  }
  return { name: match[1] as string, labels };
}

function parseCounter(text: string, line: number): CounterSelector {
  const selector = parseCounterSelector(text);
  if (selector === undefined) {
    throw new FaultTableError(`Counted as "${text}" is not a counter like name{label="value"}`, line);
  }
  return selector;
}
