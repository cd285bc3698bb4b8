import { describe, expect, it } from 'vitest';
import {
  compareRequirementIds,
  findMalformedIds,
  findRequirementIds,
  isRequirementId,
} from './requirement-id.js';

describe('requirement IDs', () => {
  it('accepts the three families, with an optional letter suffix', () => {
    for (const id of ['ORCH-API-001', 'ORCH-E2E-001', 'CONF-020', 'OC-ADAPT-5001', 'OC-ADAPT-5001a']) {
      expect(isRequirementId(id)).toBe(true);
    }
    for (const id of ['ORCH-API-01', 'ORCH-api-001', 'CONF-1', 'OC-ADAPT-501', 'ORCH-001', 'CONF-001-x']) {
      expect(isRequirementId(id)).toBe(false);
    }
  });

  it('finds every ID in a title, next to punctuation, and not inside longer words', () => {
    expect(findRequirementIds('retries (ORCH-RES-001, OC-ADAPT-6002) and @CONF-003.')).toEqual([
      'ORCH-RES-001',
      'OC-ADAPT-6002',
      'CONF-003',
    ]);
    expect(findRequirementIds('XORCH-API-001 ORCH-API-0012 ORCH-API-001b')).toEqual(['ORCH-API-001b']);
  });

  it('reports ID-like words that break the grammar, so that a typo is not silently ignored', () => {
    expect(findMalformedIds('streams (ORCH-API-01) and (CONF-7) but ORCH-API-001 is fine')).toEqual([
      'ORCH-API-01',
      'CONF-7',
    ]);
    expect(findMalformedIds('nothing here, not even ORCHESTRA-1')).toEqual([]);
  });

  it('sorts numbers numerically within a family', () => {
    expect(['ORCH-API-010', 'ORCH-API-002', 'CONF-001'].sort(compareRequirementIds)).toEqual([
      'CONF-001',
      'ORCH-API-002',
      'ORCH-API-010',
    ]);
  });
});
