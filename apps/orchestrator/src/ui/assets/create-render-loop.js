/**
 * Batches redraws: `mark(part)` may be called for every event of a burst, the part's renderer runs once, on the
 * next animation frame (ORCH-UIP-030). A renderer that throws does not stop the others.
 * @param {Record<string, () => void>} renderers part → redraw of that part
 */
export function createRenderLoop(renderers) {
  /** @type {Set<string>} */
  const dirty = new Set();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
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
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
  };
}
