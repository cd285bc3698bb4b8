import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, installed by test-harness/system/install-chromium.sh (never Playwright's own download). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the test run keeps its screenshots of the page (linked from the README). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/**
 * Flags that keep a headless Chromium quiet on a machine without a network: no background connections, no
 * component updates, no sync; `--no-sandbox` because the tests run as root.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

/** Starts headless Debian Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A page with everything it logged as an error or threw, for the "no console errors" checks. */
export interface WatchedPage {
  page: Page;
  /** Console messages of type error, and uncaught exceptions, in order. */
  errors: string[];
}

/** Opens a new page (its own context: its own sessionStorage) that records its console errors. */
export async function openWatchedPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

/** Saves a screenshot of the page's viewport, or of one part of it, as docs/screenshots/<name>.png. */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: `${SCREENSHOTS}${name}.png`, animations: 'disabled' });
}

/** Waits until the page says its event stream is live (its snapshot arrived). */
export async function waitUntilLive(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^Live$/ })
    .waitFor();
}

/**
 * How far the page is wider than its viewport, and how many elements stick out to the right of it (both 0 on
 * a layout that fits).
 */
export function measureHorizontalOverflow(page: Page): Promise<{ page: number; wide: number }> {
  // Browser-side code is given as text: this package is type-checked without the DOM library.
  return page.evaluate(`({
    page: document.documentElement.scrollWidth - window.innerWidth,
    wide: Array.from(document.querySelectorAll('body *')).filter(
      (element) => element.getBoundingClientRect().right > window.innerWidth + 1,
    ).length,
  })`);
}

/** The rows of a table (by its accessible name) that mention `text`. */
export function tableRow(page: Page, table: string, text: string): Locator {
  return page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });
}

/** A replica's row in its pool's table of the Fleet section. */
export function replicaRow(page: Page, pool: string, replica: string): Locator {
  return page
    .getByRole('region', { name: `Pool ${pool}` })
    .getByRole('row')
    .filter({ has: page.getByText(replica, { exact: true }) });
}
