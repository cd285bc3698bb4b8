const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when `text` has no lone UTF-16 surrogate, i.e. it encodes to UTF-8 without loss. A character whose
 * bytes were split across two tokens and decoded naively shows up as a lone surrogate or as U+FFFD.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
