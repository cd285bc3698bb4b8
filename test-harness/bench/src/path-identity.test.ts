import { describe, expect, it } from 'vitest';
import { isMainOrchestrator, labelOrchestrators, labelPath } from './path-identity.js';

describe('labelOrchestrators', () => {
  it('names each orchestrator after its Node.js version, without the v', () => {
    expect(labelOrchestrators(['v20.20.2', 'v24.22.3'])).toEqual([
      'orchestrator (Node 20.20.2)',
      'orchestrator (Node 24.22.3)',
    ]);
  });

  it('keeps labels unique when the same version is compared with itself', () => {
    expect(labelOrchestrators(['v24.22.3', 'v24.22.3', 'v20.20.2', 'v24.22.3'])).toEqual([
      'orchestrator (Node 24.22.3)',
      'orchestrator (Node 24.22.3, #2)',
      'orchestrator (Node 20.20.2)',
      'orchestrator (Node 24.22.3, #3)',
    ]);
  });
});

describe('labelPath and isMainOrchestrator', () => {
  it('names a path by its label, else by its kind', () => {
    expect(labelPath({ relay: 'nginx' })).toBe('nginx');
    expect(labelPath({ relay: 'orchestrator', label: 'orchestrator (Node 24.22.3)' })).toBe(
      'orchestrator (Node 24.22.3)',
    );
  });

  it('takes only the orchestrator that is not a comparison as the main one', () => {
    expect(isMainOrchestrator({ relay: 'orchestrator', node: 'v20.20.2' })).toBe(true);
    expect(isMainOrchestrator({ relay: 'orchestrator', node: 'v24.22.3', comparison: true })).toBe(false);
    expect(isMainOrchestrator({ relay: 'direct' })).toBe(false);
  });
});
