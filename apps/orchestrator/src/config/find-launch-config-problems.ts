import type { AdapterModule } from '@orch/adapter-api';
import type { LaunchConfig } from './launch-config-schema.js';
import { portOfUrl } from './port-of-url.js';

/** A replica's fields that a `launch` section is checked against. */
interface ReplicaLaunchSettings {
  url?: string | undefined;
  launch?: LaunchConfig | undefined;
}

/** One problem of a `launch` section, reported on `field` (a path below the replica). */
export interface LaunchConfigProblem {
  field: (string | number)[];
  message: string;
}

/**
 * Contradictions in a replica's `launch` section that its schema alone cannot see, found at load time so
 * that an operator learns them before the first task (ORCH-LIFE-001). An engine whose module has no health
 * preset cannot be launched.
 */
export function findLaunchConfigProblems(
  module: AdapterModule,
  replica: ReplicaLaunchSettings,
): LaunchConfigProblem[] {
  const launch = replica.launch;
  if (launch === undefined) return [];
  if (module.healthPreset === undefined) {
    return [
      {
        field: ['launch'],
        message: `the ${module.engine} engine runs inside the orchestrator: nothing to launch`,
      },
    ];
  }
  const problems: LaunchConfigProblem[] = [];
  if (launch.mode !== 'lazy') {
    if (launch.swap_group !== undefined) {
      problems.push({ field: ['launch', 'swap_group'], message: 'a swap group needs `mode: lazy`' });
    }
    if (launch.idle_ms !== undefined) {
      problems.push({ field: ['launch', 'idle_ms'], message: 'an idle stop needs `mode: lazy`' });
    }
  }
  const declared = Object.keys(launch.variants ?? {});
  if (launch.variant !== undefined && !declared.includes(launch.variant)) {
    const known = declared.length > 0 ? declared.join(', ') : 'none';
    problems.push({
      field: ['launch', 'variant'],
      message: `unknown variant "${launch.variant}" (declared: ${known})`,
    });
  } else if (launch.variant === undefined && declared.length > 0) {
    problems.push({
      field: ['launch', 'variant'],
      message: `choose one of the declared variants: ${declared.join(', ')}`,
    });
  }
  const chosen = launch.variant === undefined ? undefined : launch.variants?.[launch.variant];
  if ((chosen?.command ?? launch.command) === undefined) {
    problems.push({
      field: ['launch', 'command'],
      message: 'required: the engine binary (in `launch` or in the chosen variant)',
    });
  }
  if (replica.url !== undefined && launch.port !== undefined && launch.port !== 0) {
    const urlPort = portOfUrl(new URL(replica.url));
    if (urlPort !== launch.port) {
      problems.push({
        field: ['launch', 'port'],
        message: `${launch.port} differs from the port of url (${urlPort}): give one of them`,
      });
    }
  }
  return problems;
}
