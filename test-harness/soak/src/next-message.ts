import type { ChildProcess } from 'node:child_process';

/**
 * Waits for the next IPC message of `type` from a soak orchestrator process (sending `request` first when given);
 * rejects when the process exits or nothing comes within `timeoutMs`.
 */
export function nextMessage<T>(
  child: ChildProcess,
  type: string,
  timeoutMs: number,
  request?: unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      done();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the soak orchestrator exited with ${code}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no "${type}" from the soak orchestrator within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (request !== undefined) child.send(request as object);
  });
}
