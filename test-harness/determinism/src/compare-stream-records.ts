import type { StreamRecord } from './stream-record.js';

/**
 * Lists every way two records of the same task differ (empty when they are byte-identical): the stamp, the
 * number of token events, the first token event whose text differs, the token ids, and the ending.
 */
export function compareStreamRecords(left: StreamRecord, right: StreamRecord): string[] {
  const differences: string[] = [];
  const stampKeys = new Set([...Object.keys(left.stamp), ...Object.keys(right.stamp)]);
  for (const key of stampKeys) {
    if (left.stamp[key] !== right.stamp[key]) {
      differences.push(`stamp ${key}: ${String(left.stamp[key])} ≠ ${String(right.stamp[key])}`);
    }
  }
  if (left.tokens.length !== right.tokens.length) {
    differences.push(`token events: ${left.tokens.length} ≠ ${right.tokens.length}`);
  }
  const common = Math.min(left.tokens.length, right.tokens.length);
  const firstDifferent = left.tokens
    .slice(0, common)
    .findIndex((text, index) => text !== right.tokens[index]);
  if (firstDifferent !== -1) {
    differences.push(
      `token ${firstDifferent}: ${JSON.stringify(left.tokens[firstDifferent])} ≠ ${JSON.stringify(right.tokens[firstDifferent])}`,
    );
  }
  if (left.tokenIds !== undefined || right.tokenIds !== undefined) {
    const leftIds = JSON.stringify(left.tokenIds ?? null);
    const rightIds = JSON.stringify(right.tokenIds ?? null);
    if (leftIds !== rightIds) differences.push(`token ids: ${leftIds} ≠ ${rightIds}`);
  }
  if (left.finish !== right.finish || left.finishRaw !== right.finishRaw) {
    differences.push(`finish: ${left.finish}/${left.finishRaw} ≠ ${right.finish}/${right.finishRaw}`);
  }
  if (left.tokensOut !== right.tokensOut) {
    differences.push(`tokens_out: ${String(left.tokensOut)} ≠ ${String(right.tokensOut)}`);
  }
  return differences;
}
