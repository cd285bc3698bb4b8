import { apiPost, describeErrorResponse } from './api-client.js';
import { h, replaceChildren, setText } from './dom.js';
import { readSse } from './read-sse.js';

/**
 * @typedef {{ form: HTMLFormElement, model: HTMLSelectElement, prompt: HTMLTextAreaElement,
 *   maxTokens: HTMLInputElement, temperature: HTMLInputElement, seed: HTMLInputElement,
 *   priority: HTMLSelectElement, send: HTMLButtonElement, stop: HTMLButtonElement,
 *   output: HTMLElement, events: HTMLElement, status: HTMLElement }} PlaygroundElements
 */

/**
 * The Playground: pick a model (the pools' models from the snapshot), write a prompt, set max_tokens,
 * temperature and seed, and send it through the same `POST /v1/tasks` a client uses; the events are listed as
 * they arrive (runs of tokens folded into one line that counts up) and the text grows beside them
 * (ORCH-UIP-017). Stop aborts the request, which cancels the task.
 * @param {PlaygroundElements} elements
 */
export function createPlaygroundView(elements) {
  /** @type {AbortController | undefined} */
  let running;

  elements.form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  elements.stop.addEventListener('click', () => running?.abort());

  /** The request body from the form; empty fields are left out, so the server's defaults apply. */
  function requestBody() {
    /** @type {Record<string, unknown>} */
    const body = {
      model: elements.model.value,
      prompt: elements.prompt.value,
      priority: elements.priority.value,
    };
    for (const [field, input] of [
      ['max_tokens', elements.maxTokens],
      ['temperature', elements.temperature],
      ['seed', elements.seed],
    ]) {
      const value = /** @type {HTMLInputElement} */ (input).value.trim();
      if (value !== '') body[/** @type {string} */ (field)] = Number(value);
    }
    return body;
  }

  async function send() {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    replaceChildren(elements.events);
    setText(elements.output, '');
    setText(elements.status, 'Sending…');
    elements.send.disabled = true;
    elements.stop.disabled = false;
    const log = createEventLog(elements.events);
    try {
      const response = await apiPost('/v1/tasks', requestBody(), controller.signal);
      if (!response.ok || response.body === null) {
        setText(elements.status, `Refused: ${await describeErrorResponse(response)}`);
        return;
      }
      setText(elements.status, 'Streaming…');
      let ended = false;
      await readSse(
        response.body,
        (message) => {
          const event = JSON.parse(message.data);
          log.add(event);
          if (event.type === 'token') elements.output.append(event.t);
          if (event.type === 'end' || event.type === 'error') ended = true;
        },
        controller.signal,
      );
      setText(
        elements.status,
        ended ? 'Done.' : controller.signal.aborted ? 'Stopped.' : 'The stream ended early.',
      );
    } catch (error) {
      setText(elements.status, controller.signal.aborted ? 'Stopped.' : `Failed: ${String(error)}`);
    } finally {
      if (running === controller) running = undefined;
      elements.send.disabled = false;
      elements.stop.disabled = true;
    }
  }

  return {
    /** @param {{ pools: Array<{ id: string, model: string }> }} state */
    render(state) {
      const models = [...new Set(state.pools.map((pool) => pool.model))].sort();
      const current = elements.model.value;
      const options = Array.from(elements.model.options).map((option) => option.value);
      if (options.join('\n') !== models.join('\n')) {
        replaceChildren(elements.model, ...models.map((model) => h('option', { value: model }, model)));
        if (models.includes(current)) elements.model.value = current;
      }
      elements.send.disabled = running !== undefined || models.length === 0;
    },
  };
}

/**
 * The list of a stream's events: one line per event, consecutive tokens folded into one line with a count.
 * @param {HTMLElement} list
 */
function createEventLog(list) {
  /** @type {{ line: HTMLElement, count: number } | undefined} */
  let tokenRun;
  return {
    /** @param {any} event */
    add(event) {
      if (event.type === 'token') {
        if (tokenRun === undefined) {
          tokenRun = { line: h('li', { className: 'event-token' }), count: 0 };
          list.appendChild(tokenRun.line);
        }
        tokenRun.count += 1;
        setText(tokenRun.line, `token × ${tokenRun.count} (last i=${event.i})`);
        return;
      }
      tokenRun = undefined;
      list.appendChild(h('li', { className: `event-${event.type}` }, describeEvent(event)));
    },
  };
}

/** @param {any} event */
function describeEvent(event) {
  switch (event.type) {
    case 'started':
      return `started · ${event.replica_id} (${event.engine} ${event.engine_version}) · seed ${event.seed} · attempt ${event.attempt}`;
    case 'metrics':
      return `metrics · ${Object.entries(event)
        .filter(([key, value]) => key !== 'type' && typeof value !== 'object')
        .map(([key, value]) => `${key} ${value}`)
        .join(' · ')}`;
    case 'end':
      return `end · ${event.finish_reason} · ${event.tokens_out ?? '?'} tokens out${event.ttft_ms === undefined ? '' : ` · TTFT ${Math.round(event.ttft_ms)} ms`}`;
    case 'error':
      return `error · ${event.code}: ${event.message}`;
    default:
      return String(event.type);
  }
}
