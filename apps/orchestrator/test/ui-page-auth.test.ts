import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedPool, prepareManagedEngineFixtures } from './managed-engine-fixtures.js';
import {
  openWatchedPage,
  replicaRow,
  saveScreenshot,
  tableRow,
  type WatchedPage,
  waitUntilLive,
} from './ui-browser.js';
import { sendClientTask } from './ui-test-orchestrator.js';
import { startUiTestbed, type UiTestbed } from './ui-testbed.js';

// The status page with `server.auth` on: a key prompt, a read-only view for a plain key, and the operator's
// actions, one of them on a real managed llama-server (specs/ui-page.md).
const OPERATOR_KEY = 'operator-key-0123456789abcdef';
const VIEWER_KEY = 'viewer-key-0123456789abcdef';
const UI_WAIT = { timeout: 20_000 };
/** A model name that would run script if the page ever parsed data as HTML. */
const MARKUP = "<img src=x onerror=document.title='owned'>";
/** What Chromium logs for each refused request of the key prompt's checks: expected here, nothing else is. */
const UNAUTHORIZED_LOG = 'Failed to load resource: the server responded with a status of 401 (Unauthorized)';

/** Opens the page and enters `key` at its prompt. */
async function openWithKey(browser: Browser, url: string, key: string): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser);
  await watched.page.goto(`${url}/ui`);
  await watched.page.getByLabel('API key').fill(key);
  await watched.page.getByRole('button', { name: 'Use key' }).click();
  await waitUntilLive(watched.page);
  // The first subscription, before the key was entered, was refused: that is how the page knew to ask.
  expect(watched.errors.splice(0)).toEqual([UNAUTHORIZED_LOG]);
  return watched;
}

/** The statuses and error codes the action routes answer the page's own fetch with the key in its tab. */
function tryActions(page: Page, paths: string[]): Promise<string[]> {
  return page.evaluate(`Promise.all(${JSON.stringify(paths)}.map(async (path) => {
    const response = await fetch(path, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + sessionStorage.getItem('orch.api_key') },
    });
    const body = await response.json();
    return response.status + ' ' + body.error?.code;
  }))`);
}

describe('the status page with authentication on (issue 14)', () => {
  let testbed: UiTestbed;
  const engineId = 'llama:llama-r0';

  beforeAll(async () => {
    const fixtures = await prepareManagedEngineFixtures();
    const config = {
      ui: { keep_prompts: true },
      server: {
        log_level: 'warn',
        auth: {
          keys: [
            { name: 'ops', key: OPERATOR_KEY, operator: true },
            { name: 'viewer', key: VIEWER_KEY },
          ],
        },
      },
      pools: [
        managedPool(fixtures, 'ui', 'llama', fixtures.modelA),
        {
          id: 'long',
          model: 'long',
          engine: 'mock',
          replicas: [{ id: 'long-0', options: { tokens_per_second: 20, natural_length: 100_000 } }],
        },
        { id: 'markup', model: MARKUP, engine: 'mock', replicas: [{ id: 'markup-0' }] },
        {
          id: 'flaky',
          model: 'flaky',
          engine: 'mock',
          retry: { max_attempts: 1 },
          replicas: [{ id: 'flaky-0', options: { fault: { mode: 'fail_after', after_tokens: 3 } } }],
        },
        {
          id: 'broken',
          model: 'broken',
          engine: 'mock',
          retry: { max_attempts: 1 },
          breaker: { volume_threshold: 1, reset_timeout_ms: 600_000 },
          replicas: [{ id: 'broken-0', options: { fault: { mode: 'fail_before_start' } } }],
        },
      ],
    };
    // JSON is YAML: the managed pool fixture is an object.
    testbed = await startUiTestbed(JSON.stringify(config));
    await (await sendClientTask(testbed.url, { model: 'broken', prompt: 'x' }, OPERATOR_KEY)).done;
  }, 120_000);

  afterAll(async () => {
    await testbed?.close();
  });

  it('asks for a key, says so when a key is refused, and keeps an accepted key in this tab (ORCH-UIP-010)', async () => {
    const { page, errors } = await openWatchedPage(testbed.browser);
    await page.goto(`${testbed.url}/ui`);
    const message = page.locator('#key-message');
    await expect
      .poll(() => message.textContent(), UI_WAIT)
      .toContain('This orchestrator requires an API key');
    expect(await page.locator('#connection').textContent()).toBe('API key needed');
    await page.getByLabel('API key').fill('not-the-right-key-0123456789');
    await page.getByRole('button', { name: 'Use key' }).click();
    await expect.poll(() => message.textContent(), UI_WAIT).toMatch(/^The key was refused \(unauthorized: /);
    expect(await page.evaluate("sessionStorage.getItem('orch.api_key')")).toBeNull();
    await page.getByLabel('API key').fill(VIEWER_KEY);
    await page.getByRole('button', { name: 'Use key' }).click();
    await waitUntilLive(page);
    expect(await page.locator('#key-form').isHidden()).toBe(true);
    await page.reload();
    await waitUntilLive(page);
    expect(await page.locator('#key-form').isHidden()).toBe(true);
    expect(await page.getByText('API key needed').count()).toBe(0);
    expect(errors.filter((error) => error !== UNAUTHORIZED_LOG)).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    await page.context().close();
  });

  it('shows a plain key read-only, without action buttons, and the action routes refuse it with 403 (ORCH-UIP-021)', async () => {
    const { page, errors } = await openWithKey(testbed.browser, testbed.url, VIEWER_KEY);
    const own = await sendClientTask(
      testbed.url,
      { model: 'long', prompt: 'mine', max_tokens: 1_000, task_id: 'viewer-task' },
      VIEWER_KEY,
    );
    const running = page
      .getByRole('table', { name: 'Running tasks' })
      .getByRole('row')
      .filter({ hasText: 'viewer-task' });
    await running.waitFor();
    expect(await page.locator('#mode').textContent()).toBe('read-only: actions need an operator key');
    expect(await running.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    await expect.poll(() => replicaRow(page, 'broken', 'broken-0').textContent(), UI_WAIT).toContain('open');
    expect(await page.getByRole('region', { name: 'Fleet' }).getByRole('button').count()).toBe(0);
    const handle = await running.getAttribute('data-key');
    expect(
      await tryActions(page, [
        `/v1/events/tasks/${handle}/cancel`,
        '/v1/replicas/broken:broken-0/breaker/reset',
        `/v1/engines/${engineId}/restart`,
      ]),
    ).toEqual(['403 forbidden', '403 forbidden', '403 forbidden']);
    expect(errors.filter((error) => !error.includes('status of 403'))).toEqual([]);
    await running.getByRole('button', { name: 'viewer-task' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent(), UI_WAIT).toContain('Task viewer-task');
    await page.keyboard.press('Escape');
    await page.context().close();
    // The page was read-only: the task ran on, until its own client let go.
    expect(own.events.at(-1)?.type).toBe('token');
    own.abort();
    await own.done;
  });

  it('lets an operator restart the managed engine: the process comes back with a new pid (ORCH-UIP-016, ORCH-UIP-020)', async () => {
    const { page, errors } = await openWithKey(testbed.browser, testbed.url, OPERATOR_KEY);
    const row = replicaRow(page, 'llama', 'llama-r0');
    await expect.poll(() => row.textContent(), UI_WAIT).toMatch(/ready.*pid \d+/);
    const pidOf = async () => Number(/pid (\d+)/.exec((await row.textContent()) ?? '')?.[1]);
    const firstPid = await pidOf();
    await page.getByLabel('Engine', { exact: true }).selectOption(engineId);
    const log = page.getByRole('log', { name: 'Engine output' });
    await expect.poll(async () => ((await log.textContent()) ?? '').length, UI_WAIT).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Restart' }).click();
    await expect
      .poll(() => page.locator('#notice').textContent(), UI_WAIT)
      .toBe(`Engine restart of ${engineId}: done.`);
    await expect.poll(pidOf, UI_WAIT).not.toBe(firstPid);
    await expect.poll(() => row.textContent(), UI_WAIT).toMatch(/ready.*pid \d+/);
    expect(await pidOf()).not.toBe(firstPid);
    await saveScreenshot(page.getByRole('region', { name: 'Pool llama' }), 'engines');
    await saveScreenshot(page.getByRole('region', { name: 'Engine logs' }), 'engine-logs');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows markup in data as text, never as elements (ORCH-UIP-002)', async () => {
    const { page, errors } = await openWithKey(testbed.browser, testbed.url, VIEWER_KEY);
    const pool = page.getByRole('region', { name: 'Pool markup' });
    expect(await pool.textContent()).toContain(`${MARKUP} · mock`);
    expect(await page.getByLabel('Model').locator('option').allTextContents()).toContain(MARKUP);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).toBe('orch · status');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('streams from the playground with the key, an error event after the first tokens included (ORCH-UIP-017)', async () => {
    const { page, errors } = await openWithKey(testbed.browser, testbed.url, VIEWER_KEY);
    await page.getByLabel('Model').selectOption('flaky');
    await page.getByLabel('max_tokens').fill('20');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#playground-status').textContent(), UI_WAIT).toBe('Done.');
    const lines = await page
      .getByRole('list', { name: 'Playground events' })
      .getByRole('listitem')
      .allTextContents();
    expect(lines[0]).toMatch(/^started · flaky-0 /);
    expect(lines).toContain('token × 3 (last i=2)');
    expect(lines.at(-1)).toMatch(/^error · engine_error: /);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an operator cancel any task and reset a breaker (ORCH-UIP-020)', async () => {
    const { page, errors } = await openWithKey(testbed.browser, testbed.url, OPERATOR_KEY);
    const client = await sendClientTask(
      testbed.url,
      { model: 'long', prompt: 'theirs', max_tokens: 1_000, task_id: 'someone-elses' },
      VIEWER_KEY,
    );
    const running = page
      .getByRole('table', { name: 'Running tasks' })
      .getByRole('row')
      .filter({ hasText: 'someone-elses' });
    await running.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect((await client.done).at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    // With ui.keep_prompts the detail shows what the client asked and what it got.
    await tableRow(page, 'Recent tasks', 'someone-elses')
      .getByRole('button', { name: 'someone-elses' })
      .click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading', { name: 'Prompt' }).count(), UI_WAIT).toBe(1);
    expect(await dialog.textContent()).toContain('"theirs"');
    const delivered = (await client.done).map((event) => (event.type === 'token' ? event.t : '')).join('');
    expect(delivered.length).toBeGreaterThan(0);
    expect(await dialog.textContent()).toContain(delivered);
    await page.keyboard.press('Escape');
    const broken = replicaRow(page, 'broken', 'broken-0');
    await broken.getByRole('button', { name: 'Reset breaker' }).click();
    await expect.poll(() => broken.locator('.badge').nth(1).textContent(), UI_WAIT).toBe('closed');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
