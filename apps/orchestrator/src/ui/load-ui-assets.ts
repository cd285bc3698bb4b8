import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { UiAsset } from './ui-asset.js';

/** The file types the page is made of; files of any other type in the folder are not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Reads every servable file directly in `directory` (no subfolders) into memory, keyed by file name. Only names
 * in this map are ever served, so no request path can reach another file (no traversal by construction).
 */
export async function loadUiAssets(directory: URL): Promise<ReadonlyMap<string, UiAsset>> {
  const assets = new Map<string, UiAsset>();
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || contentType === undefined) continue;
    const body = new Uint8Array(await readFile(new URL(entry.name, directory)));
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    assets.set(entry.name, { body, contentType, etag: `"${hash}"` });
  }
  return assets;
}
