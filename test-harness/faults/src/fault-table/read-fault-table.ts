import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FaultRow } from './fault-row.js';
import { parseFaultTable } from './parse-fault-table.js';

/** `specs/faults.md` of this repository. */
export const FAULT_TABLE_PATH = fileURLToPath(new URL('../../../../specs/faults.md', import.meta.url));

/** Reads and parses the repository's fault table. */
export function readFaultTable(path = FAULT_TABLE_PATH): FaultRow[] {
  return parseFaultTable(readFileSync(path, 'utf8'));
}
