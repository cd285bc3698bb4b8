import { TaskError } from '@orch/adapter-api';

/** An `invalid_request` refusal that names the offending body field, as OpenAI's `param` does. */
export class OpenAiRequestError extends TaskError {
  /** The field at fault, in the client's own terms (`messages[2].content`, `n`, `response_format.json_schema`). */
  readonly param: string;

  constructor(param: string, message: string) {
    super('invalid_request', message);
    this.param = param;
  }
}
