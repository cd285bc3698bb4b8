/** Why a swap group refused or dropped an `acquire`. */
export type SwapGroupErrorCode =
  /** No member has this model key. */
  | 'unknown_model'
  /** The group was closed (shutdown) before the lease was granted. */
  | 'closed'
  /** The caller's abort signal fired while it waited. */
  | 'aborted';

/** An `acquire` that a swap group refused or gave up. Load failures reject with the engine's own error. */
export class SwapGroupError extends Error {
  override readonly name = 'SwapGroupError';
  /** Stable reason code. */
  readonly code: SwapGroupErrorCode;
  /** The model key asked for. */
  readonly modelKey: string;

  constructor(code: SwapGroupErrorCode, modelKey: string, message: string) {
    super(message);
    this.code = code;
    this.modelKey = modelKey;
  }
}
