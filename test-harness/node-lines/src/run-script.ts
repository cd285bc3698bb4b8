import { execFile } from 'node:child_process';

/** What a finished script printed, and how it exited. */
export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bash <script> <args…>` and resolves with its output whatever its exit status (the tests judge it). */
export function runScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    execFile('bash', [script, ...args], { env, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}
