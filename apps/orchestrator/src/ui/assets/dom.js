/**
 * Builds an element. `props` sets properties (className, type, value, …), `data-*` and `aria-*` attributes, and
 * `on*` listeners; children are nodes or text. Text always goes through text nodes, never through HTML parsing,
 * so nothing the orchestrator sends can become markup.
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'role' || name === 'for') {
      element.setAttribute(name, String(value));
    } else {
      Reflect.set(element, name, value);
    }
  }
  appendChildren(element, children);
  return element;
}

/**
 * Appends nodes and text (skipping empty values) to `parent`.
 * @param {Node} parent
 * @param {Array<Node | string | number | null | undefined | false>} children
 */
function appendChildren(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces every child of `parent` with `children`.
 * @param {Node} parent
 * @param {...(Node | string | number | null | undefined | false)} children
 */
export function replaceChildren(parent, ...children) {
  while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
  appendChildren(parent, children);
}

/**
 * Sets an element's text only when it changed (a text write costs a layout even when equal).
 * @param {Element} element
 * @param {string} text
 */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Finds an element that the page's markup must contain.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no element #${id}.`);
  return element;
}
