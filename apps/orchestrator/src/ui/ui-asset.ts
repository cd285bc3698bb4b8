/** One file of the status page, read once and served from memory. */
export interface UiAsset {
  /** The file's bytes. */
  body: Uint8Array;
  /** Its `Content-Type`, charset included for text. */
  contentType: string;
  /** A strong validator of its bytes, quoted as the `ETag` header carries it. */
  etag: string;
}
