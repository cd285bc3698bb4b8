import { h, replaceChildren, setText } from './dom.js';

/**
 * The Engine logs section: a picker of the managed engines and the live tail of the chosen one's output
 * (ORCH-UIP-016). The tail follows new lines while it is scrolled to its end, and stays put while the operator
 * reads further up.
 * @param {{ picker: HTMLSelectElement, output: HTMLElement, empty: HTMLElement }} elements
 */
export function createEngineLogsView(elements) {
  let lastState;
  elements.picker.addEventListener('change', () => {
    if (lastState !== undefined) renderLog(lastState);
  });

  /** @param {{ engines: Map<string, any>, logs: Map<string, string[]> }} state */
  function renderPicker(state) {
    const ids = [...state.engines.keys()].sort();
    const current = elements.picker.value;
    const same =
      ids.length === elements.picker.options.length &&
      ids.every((id, index) => elements.picker.options[index]?.value === id);
    if (!same) {
      replaceChildren(elements.picker, ...ids.map((id) => h('option', { value: id }, id)));
      elements.picker.value = ids.includes(current) ? current : (ids[0] ?? '');
    }
    elements.empty.hidden = ids.length > 0;
    elements.picker.hidden = ids.length === 0;
    elements.output.hidden = ids.length === 0;
  }

  /** @param {{ engines: Map<string, any>, logs: Map<string, string[]> }} state */
  function renderLog(state) {
    const engineId = elements.picker.value;
    const lines = state.logs.get(engineId) ?? [];
    const output = elements.output;
    const following = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
    setText(output, lines.join('\n'));
    if (following) output.scrollTop = output.scrollHeight;
  }

  return {
    /** @param {{ engines: Map<string, any>, logs: Map<string, string[]> }} state */
    render(state) {
      lastState = state;
      renderPicker(state);
      renderLog(state);
    },
  };
}
