import { describe, expect, it } from 'vitest';
import { buildNodeCommand, describeNodeCommand, needsTypeScriptLoader } from './node-command.js';
import { readNodeVersion } from './read-node-version.js';
import { REPO_ROOT } from './repo-paths.js';

describe('buildNodeCommand', () => {
  it('runs a TypeScript entry point through tsx on the workspace sources, with the memory probe and the flags first', () => {
    const { command, args } = buildNodeCommand({
      node: '/opt/node24/bin/node',
      script: '/r/apps/orchestrator/src/cli.ts',
      args: ['serve', '--port', '1'],
      flags: ['--cpu-prof'],
    });
    expect(command).toBe('/opt/node24/bin/node');
    expect(args.slice(0, 4)).toEqual(['--cpu-prof', '--import', 'tsx', '--conditions=@orch/source']);
    expect(args).toContain('--expose-gc');
    expect(args.find((arg) => arg.endsWith('memory-probe-preload.mjs'))).toBeDefined();
    expect(args.slice(-4)).toEqual(['/r/apps/orchestrator/src/cli.ts', 'serve', '--port', '1']);
  });

  it('runs a built JavaScript entry point without tsx', () => {
    const { args } = buildNodeCommand({ node: 'node', script: '/r/apps/orchestrator/dist/cli.js', args: [] });
    expect(args).not.toContain('tsx');
    expect(args).not.toContain('--conditions=@orch/source');
    expect(args.at(-1)).toBe('/r/apps/orchestrator/dist/cli.js');
    expect(needsTypeScriptLoader('x.mts')).toBe(true);
    expect(needsTypeScriptLoader('x.mjs')).toBe(false);
  });

  it('describes the command with repository paths relative to its root', () => {
    const text = describeNodeCommand({
      node: '/usr/bin/node',
      script: `${REPO_ROOT}apps/orchestrator/src/cli.ts`,
      args: ['serve'],
    });
    expect(text).toBe(
      '/usr/bin/node --import tsx --conditions=@orch/source apps/orchestrator/src/cli.ts serve',
    );
  });
});

describe('readNodeVersion', () => {
  it('reads the version of a Node.js binary from the binary itself', async () => {
    await expect(readNodeVersion(process.execPath)).resolves.toBe(process.version);
  });

  it('rejects a path that is no Node.js binary', async () => {
    await expect(readNodeVersion('/nonexistent/node')).rejects.toThrow();
  });
});
