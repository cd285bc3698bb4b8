import { setText } from './dom.js';
import { formatDuration } from './format.js';

/**
 * Refreshes every live time under `root`: an element with `data-since` (epoch ms) shows the time elapsed since
 * then, one with `data-until` the time left (and its `data-done` text once it passed). Runs once a second, so
 * countdowns and elapsed times move without any event.
 * @param {ParentNode} root
 * @param {number} now
 */
export function tickClocks(root, now) {
  for (const element of root.querySelectorAll('[data-since]')) {
    setText(element, formatDuration(now - Number(/** @type {HTMLElement} */ (element).dataset.since)));
  }
  for (const element of root.querySelectorAll('[data-until]')) {
    const { until, done, prefix } = /** @type {HTMLElement} */ (element).dataset;
    const left = Number(until) - now;
    setText(element, left > 0 ? `${prefix ?? ''}${formatDuration(left)}` : (done ?? ''));
  }
}

/**
 * Makes `element` a live elapsed time since `since`, or clears it.
 * @param {HTMLElement} element
 * @param {number | undefined} since
 * @param {number} now
 */
export function showSince(element, since, now) {
  if (since === undefined) {
    delete element.dataset.since;
    setText(element, '–');
    return;
  }
  element.dataset.since = String(since);
  setText(element, formatDuration(now - since));
}

/**
 * Makes `element` a live countdown to `until` (`prefix` before the time, `done` once it passed), or clears it.
 * @param {HTMLElement} element
 * @param {number | undefined} until
 * @param {{ prefix: string, done: string }} text
 * @param {number} now
 */
export function showUntil(element, until, text, now) {
  if (until === undefined) {
    delete element.dataset.until;
    setText(element, '');
    return;
  }
  element.dataset.until = String(until);
  element.dataset.prefix = text.prefix;
  element.dataset.done = text.done;
  const left = until - now;
  setText(element, left > 0 ? `${text.prefix}${formatDuration(left)}` : text.done);
}
