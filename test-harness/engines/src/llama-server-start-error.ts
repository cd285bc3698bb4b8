/** `startLlamaServer` could not bring a server up; the message ends with the tail of the engine's log. */
export class LlamaServerStartError extends Error {
  override readonly name = 'LlamaServerStartError';

  constructor(
    reason: string,
    /** The last lines the engine wrote before it was stopped. */
    readonly logTail: string,
  ) {
    super(`${reason}\n--- llama-server log (tail) ---\n${logTail}`);
  }
}
