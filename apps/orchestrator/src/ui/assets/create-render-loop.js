/**
 * Shortest time between two redraws. Task, queue and replica deltas arrive once per 250 ms tick anyway; ten
 * redraws a second keep counts moving while a busy fleet's page costs the machine a tenth of the frames.
 */
const MIN_REDRAW_INTERVAL_MS = 100;

/**
 * Batches redraws: `mark(part)` may be called for every event of a burst, the part's renderer runs once, on an
 * animation frame at least {@link MIN_REDRAW_INTERVAL_MS} after the previous redraw (ORCH-UIP-030). A renderer
 * that throws does not stop the others.
 * @param {Record<string, () => void>} renderers part → redraw of that part
 */
export function createRenderLoop(renderers) {
  /** @type {Set<string>} */
  const dirty = new Set();
  let scheduled = false;
  let lastRedraw = Number.NEGATIVE_INFINITY;

  const flush = () => {
    scheduled = false;
    lastRedraw = performance.now();
    const parts = [...dirty];
    dirty.clear();
    for (const part of parts) {
      try {
        renderers[part]?.();
      } catch (error) {
        console.error(`redrawing ${part} failed`, error);
      }
    }
  };

  return {
    /** @param {string} part */
    mark(part) {
      dirty.add(part);
      if (scheduled) return;
      scheduled = true;
      const wait = lastRedraw + MIN_REDRAW_INTERVAL_MS - performance.now();
      if (wait <= 0) requestAnimationFrame(flush);
      else setTimeout(() => requestAnimationFrame(flush), wait);
    },
  };
}
