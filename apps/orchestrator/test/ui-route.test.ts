import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

const ASSETS = fileURLToPath(new URL('../src/ui/assets/', import.meta.url));
const assetNames = readdirSync(ASSETS);
const scriptNames = assetNames.filter((name) => name.endsWith('.js'));

async function uiApp() {
  return (await createTestApp([mockPool('m', [{}])])).app;
}

describe('serving the status page (ORCH-UIP-001)', () => {
  it('answers /ui with the page and every asset with its content type and an ETag', async () => {
    const app = await uiApp();
    const page = await app.request('/ui');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="/ui/assets/main.js"></script>');
    const expected: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      svg: 'image/svg+xml',
      html: 'text/html; charset=utf-8',
    };
    for (const name of assetNames) {
      const response = await app.request(`/ui/assets/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toBe(expected[name.split('.').at(-1) ?? '']);
      expect(response.headers.get('etag'), name).toMatch(/^"[\w-]{22}"$/);
      expect(response.headers.get('cache-control'), name).toBe('no-cache');
      expect(await response.text(), name).toBe(readFileSync(`${ASSETS}${name}`, 'utf8'));
    }
  });

  it('answers 304 without a body when If-None-Match names the current ETag, 200 for another tag', async () => {
    const app = await uiApp();
    const first = await app.request('/ui/assets/main.js');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.request('/ui/assets/main.js', {
      headers: { 'if-none-match': `"other", ${etag}` },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await app.request('/ui/assets/main.js', { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it.each([
    '/ui/assets/missing.js',
    '/ui/assets/',
    '/ui/assets/..%2Fcreate-ui-route.ts',
    '/ui/assets/%2e%2e%2fload-ui-assets.ts',
    '/ui/assets/../create-ui-route.ts',
    '/ui/assets/..%5Cui-asset.ts',
    '/ui/assets/sub/main.js',
    '/ui/create-ui-route.ts',
    '/ui/index.html',
  ])('answers %s with a 404 not_found envelope and no file', async (path) => {
    const app = await uiApp();
    const response = await app.request(path);
    expect(response.status).toBe(404);
    const envelope = (await response.json()) as { error: { code: string } };
    expect(envelope.error.code).toBe('not_found');
  });
});

describe('the page is locked down and self-contained (ORCH-UIP-002)', () => {
  it('sends a strict Content-Security-Policy and nosniff with the page and its assets', async () => {
    const app = await uiApp();
    for (const path of ['/ui', '/ui/assets/main.js', '/ui/assets/style.css']) {
      const response = await app.request(path);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy.split(';').map((part) => part.trim())).toEqual([
        "default-src 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'none'",
      ]);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('has no inline script, inline style or event-handler attribute in its markup', () => {
    const html = readFileSync(`${ASSETS}index.html`, 'utf8');
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts).toEqual(['<script type="module" src="/ui/assets/main.js"></script>']);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('names no address outside its own origin, so it works offline', () => {
    for (const name of assetNames) {
      const text = readFileSync(`${ASSETS}${name}`, 'utf8');
      const addresses = (text.match(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi) ?? []).filter(
        (address) => address !== 'http://www.w3.org/2000/svg',
      );
      expect(addresses, name).toEqual([]);
    }
  });

  it('never turns text into markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    for (const name of scriptNames) {
      const text = readFileSync(`${ASSETS}${name}`, 'utf8');
      expect(text, name).not.toMatch(/\b(?:innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/);
    }
  });

  it('imports only its own modules, each of which the route serves', async () => {
    const app = await uiApp();
    for (const name of scriptNames) {
      const text = readFileSync(`${ASSETS}${name}`, 'utf8');
      for (const [, target] of text.matchAll(/\bfrom\s+'([^']+)'/g)) {
        expect(target, `${name} imports ${target}`).toMatch(/^\.\/[a-z0-9-]+\.js$/);
        const response = await app.request(`/ui/assets/${target?.slice(2)}`);
        expect(response.status, `${name} imports ${target}`).toBe(200);
      }
    }
  });
});

describe('whether the page is served (ORCH-UIP-004)', () => {
  const KEY = 'page-test-key-0123456789';

  it.each([
    ['ui.enabled is false', { enabled: false }, {}],
    ['ui.anonymous is off without auth', { anonymous: 'off' }, {}],
  ])('answers /ui and its assets with 404 not_found when %s', async (_case, ui, server) => {
    const { app } = await createTestApp([mockPool('m', [{}])], server, ui);
    for (const path of ['/ui', '/ui/assets/main.js']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('serves the page with ui.anonymous off when auth is on: the page then asks for a key', async () => {
    const { app } = await createTestApp(
      [mockPool('m', [{}])],
      { auth: { api_keys: [KEY] } },
      { anonymous: 'off' },
    );
    expect((await app.request('/ui')).status).toBe(200);
    expect((await app.request('/v1/events')).status).toBe(401);
  });
});
