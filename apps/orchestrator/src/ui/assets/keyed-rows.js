/**
 * Makes `container`'s children match `items` in order, one child per key: a child whose item is the same object
 * as last time is left alone, a changed one is updated in place, new ones are created, missing ones removed. Only
 * what changed touches the DOM, so a delta for one replica of a hundred costs one row.
 * @template T
 * @param {Element} container
 * @param {readonly T[]} items
 * @param {{ keyOf: (item: T) => string, create: (item: T) => HTMLElement, update: (row: HTMLElement, item: T) => void }} view
 */
export function syncKeyedRows(container, items, view) {
  /** @type {Map<string, HTMLElement>} */
  const existing = new Map();
  for (const child of Array.from(container.children)) {
    const key = /** @type {HTMLElement} */ (child).dataset.key;
    if (key !== undefined) existing.set(key, /** @type {HTMLElement} */ (child));
  }
  /** @type {Element | null} */
  let cursor = container.firstElementChild;
  for (const item of items) {
    const key = view.keyOf(item);
    let row = existing.get(key);
    if (row === undefined) {
      row = view.create(item);
      row.dataset.key = key;
      rowItems.set(row, item);
      view.update(row, item);
    } else {
      existing.delete(key);
      if (rowItems.get(row) !== item) {
        rowItems.set(row, item);
        view.update(row, item);
      }
    }
    if (row !== cursor) container.insertBefore(row, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const row of existing.values()) row.remove();
}

/** The item each row last showed, to skip rows whose item did not change. */
const rowItems = new WeakMap();
