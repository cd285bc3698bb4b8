/** A TGI error: flat `{"error","error_type"}` with the status `InferError` maps to (specs/engines/tgi.md B.2). */
export interface TgiError {
  /** HTTP status when sent as a response (inside `/generate_stream` it is an event of a 200 stream). */
  status: number;
  /** Message. */
  error: string;
  /** `validation`, `generation`, `overloaded`, `incomplete_generation`, … */
  errorType: string;
}

const TYPE_BY_STATUS: Record<number, string> = {
  422: 'validation',
  424: 'generation',
  429: 'overloaded',
  500: 'incomplete_generation',
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  424: 'Request failed during generation: Server error: injected generation failure',
  429: 'Model is overloaded',
  500: 'Incomplete generation',
};

/** A validation error (422, message prefixed as TGI does). */
export function tgiValidationError(message: string): TgiError {
  return { status: 422, error: `Input validation error: ${message}`, errorType: 'validation' };
}

/** The error TGI would send for a status (the `httpStatus` fault). */
export function tgiErrorForStatus(status: number, message?: string): TgiError {
  return {
    status,
    error: message ?? MESSAGE_BY_STATUS[status] ?? 'Request failed',
    errorType: TYPE_BY_STATUS[status] ?? 'generation',
  };
}

/** The JSON body / event payload of an error. */
export function tgiErrorPayload(error: TgiError): string {
  return JSON.stringify({ error: error.error, error_type: error.errorType });
}

/** The `tgi_request_failure{err=…}` label for an error. */
export function tgiFailureLabel(error: TgiError): string {
  return error.errorType === 'overloaded' || error.errorType === 'validation'
    ? error.errorType
    : 'generation';
}
