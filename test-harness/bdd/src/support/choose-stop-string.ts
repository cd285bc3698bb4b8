/** Characters in a stop string taken from an answer. */
const STOP_LENGTH = 3;

/**
 * Picks a stop string that the engine is sure to produce again: a few whole characters from the middle of
 * a greedy answer, not only whitespace, whose first occurrence is not at the very start (so that some text
 * comes before it). Throws when the answer is too short to hold one.
 */
export function chooseStopString(answer: string): string {
  const characters = Array.from(answer);
  const middle = Math.floor(characters.length / 2);
  for (let offset = 0; offset < characters.length; offset += 1) {
    for (const start of [middle + offset, middle - offset]) {
      if (start < 1 || start + STOP_LENGTH > characters.length) continue;
      const candidate = characters.slice(start, start + STOP_LENGTH).join('');
      if (candidate.trim().length > 0 && answer.indexOf(candidate) > 0 && !candidate.includes('\uFFFD')) {
        return candidate;
      }
    }
  }
  throw new Error(`The answer ${JSON.stringify(answer)} is too short to take a stop string from.`);
}
