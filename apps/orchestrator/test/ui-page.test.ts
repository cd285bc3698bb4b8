import type { Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  measureHorizontalOverflow,
  openWatchedPage,
  replicaRow,
  saveScreenshot,
  tableRow,
  type WatchedPage,
  waitUntilLive,
} from './ui-browser.js';
import { runManyTasks, sendClientTask } from './ui-test-orchestrator.js';
import { startUiTestbed, type UiTestbed } from './ui-testbed.js';

// The status page in Debian's Chromium against a real orchestrator on 127.0.0.1, without authentication: the
// browser is a loopback client, so the page may act (specs/ui-page.md).
const CONFIG = `
server: { log_level: warn }
pools:
  - id: chat
    model: chat
    engine: mock
    replicas:
      - { id: chat-0, options: { tokens_per_second: 40 } }
      - { id: chat-1, options: { tokens_per_second: 40 } }
  - id: long
    model: long
    engine: mock
    replicas:
      - { id: long-0, options: { tokens_per_second: 20, natural_length: 100000 } }
  - id: single
    model: single
    engine: mock
    queue: { max_waiting: 4 }
    replicas:
      - { id: single-0, options: { tokens_per_second: 20, natural_length: 100000, slots: 1 } }
  - id: broken
    model: broken
    engine: mock
    retry: { max_attempts: 2, base_ms: 0, max_ms: 0 }
    breaker: { volume_threshold: 1, error_threshold_percentage: 50, reset_timeout_ms: 600000 }
    replicas:
      - { id: broken-0, options: { fault: { mode: fail_before_start } } }
      - { id: broken-1, options: { fault: { mode: fail_before_start } } }
`;

/** How long a test waits for the page to show something: generous, for a busy 2-core CI machine. */
const UI_WAIT = { timeout: 10_000 };

describe('the status page in Chromium (issue 14)', () => {
  let testbed: UiTestbed;
  let watched: WatchedPage;

  beforeAll(async () => {
    testbed = await startUiTestbed(CONFIG);
    // A failed task before the page opens: both broken replicas fail once, so both breakers open.
    const doomed = await sendClientTask(testbed.url, {
      model: 'broken',
      prompt: 'x',
      task_id: 'doomed',
    });
    await doomed.done;
    await runManyTasks(testbed.url, 6, 3, (index) => ({
      model: 'chat',
      prompt: `warm-up ${index}`,
      max_tokens: 8,
      task_id: `warm-up-${index}`,
    }));
    watched = await openWatchedPage(testbed.browser);
    await watched.page.goto(`${testbed.url}/ui`);
    await waitUntilLive(watched.page);
  }, 60_000);

  afterEach(async () => {
    // A test that failed with the task dialog open must not block the next one's clicks.
    await watched?.page.keyboard.press('Escape');
  });

  afterAll(async () => {
    await testbed?.close();
  });

  it('shows every pool and replica with engine, health and the right breaker states (ORCH-UIP-011)', async () => {
    const { page } = watched;
    for (const replica of ['chat-0', 'chat-1']) {
      const row = replicaRow(page, 'chat', replica);
      await expect.poll(() => row.textContent(), UI_WAIT).toContain('closed');
      expect(await row.textContent()).toContain('mock');
      expect(await row.textContent()).toContain('ready');
    }
    for (const replica of ['broken-0', 'broken-1']) {
      const row = replicaRow(page, 'broken', replica);
      await expect.poll(() => row.textContent(), UI_WAIT).toContain('open');
      expect(await row.textContent()).toMatch(/half-open in \d+ min \d\d s/);
    }
    expect(await page.getByRole('region', { name: 'Pool chat' }).textContent()).toContain('2/2 ready');
  });

  it('counts a breaker down to half-open live, without any event (ORCH-UIP-011)', async () => {
    const countdown = replicaRow(watched.page, 'broken', 'broken-0').locator('.countdown');
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), UI_WAIT).not.toBe(first);
  });

  it('shows a task sent by another client without a reload, its tokens counting up (ORCH-UIP-014)', async () => {
    const { page } = watched;
    const client = await sendClientTask(testbed.url, {
      model: 'chat',
      prompt: 'count up',
      max_tokens: 80,
      task_id: 'watched-task',
    });
    expect(client.status).toBe(200);
    const row = tableRow(page, 'Running tasks', 'watched-task');
    const tokensCell = row.getByRole('cell').nth(5);
    await expect.poll(async () => Number(await tokensCell.textContent()), UI_WAIT).toBeGreaterThan(0);
    const seen = Number(await tokensCell.textContent());
    await expect.poll(async () => Number(await tokensCell.textContent()), UI_WAIT).toBeGreaterThan(seen);
    const events = await client.done;
    expect(events.at(-1)).toMatchObject({ type: 'end' });
    const delivered = events.filter((event) => event.type === 'token').length;
    const recent = tableRow(page, 'Recent tasks', 'watched-task');
    await expect.poll(() => recent.textContent(), UI_WAIT).toContain('ok');
    expect(await recent.getByRole('cell').nth(4).textContent()).toBe(String(delivered));
    expect(await tableRow(page, 'Running tasks', 'watched-task').count()).toBe(0);
  });

  it('opens a failed task and shows each of its attempts with replica and error (ORCH-UIP-015)', async () => {
    const { page } = watched;
    await tableRow(page, 'Recent tasks', 'doomed').getByRole('button', { name: 'doomed' }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.getByRole('heading', { level: 2 }).textContent(), UI_WAIT)
      .toBe('Task doomed');
    const timeline = dialog.getByRole('list', { name: 'Attempt timeline' });
    const text = (await timeline.textContent()) ?? '';
    // The pool picks the first replica; the retry goes to the other one.
    expect(text).toMatch(/Attempt#1 · on broken-[01]/);
    expect(text).toMatch(/Attempt#2 · on broken-[01]/);
    expect(text).toContain('broken-0');
    expect(text).toContain('broken-1');
    expect(text).toContain('engine_unavailable');
    expect(text).toContain('End');
    expect(await dialog.textContent()).toContain('No stamp: the task never started streaming.');
    const curl = await dialog.getByRole('textbox', { name: 'Request as curl' }).inputValue();
    expect(curl).toContain(`${testbed.url}/v1/tasks`);
    expect(curl).toContain('"model":"broken"');
    await dialog.getByRole('button', { name: 'Copy as curl' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), UI_WAIT).toMatch(/Copied|Selected/);
    await saveScreenshot(page, 'task-detail');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('shows the stamp of a task that streamed (ORCH-UIP-015)', async () => {
    const { page } = watched;
    await tableRow(page, 'Recent tasks', 'warm-up-0').getByRole('button', { name: 'warm-up-0' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), UI_WAIT).toContain('Determinism stamp');
    expect(await dialog.textContent()).toMatch(/Seed\d+/);
    expect(await dialog.getByRole('list', { name: 'Attempt timeline' }).textContent()).toContain(
      'First token',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('streams a task from the playground: started, tokens counting, end, and the text (ORCH-UIP-017)', async () => {
    const { page } = watched;
    await page.getByLabel('Model').selectOption('chat');
    await page.getByLabel('Prompt').fill('Hello from the playground');
    await page.getByLabel('max_tokens').fill('12');
    await page.getByLabel('seed').fill('7');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#playground-status').textContent(), UI_WAIT).toBe('Done.');
    const events = page.getByRole('list', { name: 'Playground events' }).getByRole('listitem');
    const lines = await events.allTextContents();
    expect(lines[0]).toMatch(/^started · chat-\d \(mock /);
    expect(lines).toContain('token × 12 (last i=11)');
    expect(lines.at(-1)).toMatch(/^end · length · 12 tokens out/);
    const direct = await sendClientTask(testbed.url, {
      model: 'chat',
      prompt: 'Hello from the playground',
      max_tokens: 12,
      seed: 7,
      temperature: 0.7,
    });
    const text = (await direct.done).map((event) => (event.type === 'token' ? event.t : '')).join('');
    expect(await page.getByRole('log', { name: 'Playground output' }).textContent()).toBe(text);
    await saveScreenshot(page.getByRole('region', { name: 'Playground' }), 'playground');
  });

  it('shows a playground refusal with its error envelope (ORCH-UIP-017)', async () => {
    const { page, errors } = watched;
    const before = errors.length;
    await page.getByLabel('seed').fill('4294967296');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => page.locator('#playground-status').textContent(), UI_WAIT)
      .toMatch(/^Refused: invalid_request: .*seed/);
    await page.getByLabel('seed').fill('7');
    // Chromium itself logs every 4xx answer to a fetch; this one is the refusal the test asked for.
    expect(errors.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  it('cancels a running task from its row: the client gets a cancelled end (ORCH-UIP-020)', async () => {
    const { page } = watched;
    const client = await sendClientTask(testbed.url, {
      model: 'long',
      prompt: 'long',
      max_tokens: 1_000,
      task_id: 'to-cancel',
    });
    const row = tableRow(page, 'Running tasks', 'to-cancel');
    await row.getByRole('button', { name: 'Cancel', exact: true }).click();
    const events = await client.done;
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    await expect
      .poll(() => page.locator('#notice').textContent(), UI_WAIT)
      .toBe('Cancel of task to-cancel: done.');
    await expect.poll(() => tableRow(page, 'Recent tasks', 'to-cancel').count(), UI_WAIT).toBe(1);
  });

  it('resets an open breaker from its row: the row shows it closed (ORCH-UIP-020)', async () => {
    const { page } = watched;
    const row = replicaRow(page, 'broken', 'broken-0');
    await row.getByRole('button', { name: 'Reset breaker' }).click();
    await expect.poll(() => row.locator('.badge').nth(1).textContent(), UI_WAIT).toBe('closed');
    expect(await row.getByRole('button', { name: 'Reset breaker' }).count()).toBe(0);
    expect(await page.locator('#notice').textContent()).toBe('Breaker reset of broken-0: done.');
    expect(await replicaRow(page, 'broken', 'broken-1').locator('.badge').nth(1).textContent()).toBe('open');
  });

  it('shows the tasks waiting in a pool queue with position, priority and wait (ORCH-UIP-012)', async () => {
    const { page } = watched;
    const body = (taskId: string, priority: string) => ({
      model: 'single',
      prompt: 'wait',
      max_tokens: 1_000,
      task_id: taskId,
      priority,
    });
    const clients = [
      await sendClientTask(testbed.url, body('holds-the-slot', 'interactive')),
      await sendClientTask(testbed.url, body('waits-first', 'interactive')),
      await sendClientTask(testbed.url, body('waits-batch', 'batch')),
    ];
    const queue = page.getByRole('region', { name: 'Queue' });
    await expect
      .poll(() => queue.getByRole('heading', { name: /^single:/ }).textContent(), UI_WAIT)
      .toBe('single: 2 waiting');
    const rows = queue
      .getByRole('table', { name: 'Queue of single' })
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });
    // Interactive before batch, each named by its client's task id.
    await expect
      .poll(() => rows.allTextContents(), UI_WAIT)
      .toEqual([
        expect.stringMatching(/^1waits-firstinteractive\d/),
        expect.stringMatching(/^2waits-batchbatch\d/),
      ]);
    const waited = rows.first().getByRole('cell').nth(3);
    const before = await waited.textContent();
    await expect.poll(() => waited.textContent(), UI_WAIT).not.toBe(before);
    for (const client of clients) client.abort();
    await Promise.all(clients.map((client) => client.done));
    await expect
      .poll(() => queue.getByRole('heading', { name: /^single:/ }).textContent(), UI_WAIT)
      .toBe('single: nothing waiting');
  });

  it('draws the live traffic charts from the series (ORCH-UIP-013)', async () => {
    const { page } = watched;
    const tokens = page.getByRole('figure', { name: 'Tokens/s' });
    await expect.poll(() => tokens.locator('.chart-value').textContent(), UI_WAIT).toMatch(/^\d/);
    expect(await tokens.textContent()).toMatch(/peak \d/);
    const points = await tokens.locator('polyline').getAttribute('points');
    expect(points?.split(' ').length).toBeGreaterThan(1);
    const ttft = await page.getByRole('figure', { name: 'Time to first token' }).textContent();
    expect(ttft).toMatch(/peak \d+ ms/);
  });

  /**
   * Opens the page with its first `count` subscriptions to `/v1/events` answered by `refuse`, then checks that it
   * went live with the fleet and logged exactly `expectedErrors`.
   */
  async function goLiveAfterRefusals(
    count: number,
    refuse: (route: Route) => Promise<void>,
    expectedErrors: string[],
  ) {
    const { page, errors } = await openWatchedPage(testbed.browser);
    let refused = 0;
    await page.route('**/v1/events', async (route) => {
      if (refused < count) {
        refused += 1;
        await refuse(route);
      } else await route.fallback();
    });
    await page.goto(`${testbed.url}/ui`);
    await waitUntilLive(page);
    expect(refused).toBe(count);
    await expect.poll(() => replicaRow(page, 'chat', 'chat-0').count(), UI_WAIT).toBe(1);
    expect(errors).toEqual(expectedErrors);
    await page.context().close();
  }

  it('subscribes again after a dropped stream and shows the fresh state (ORCH-UIP-010)', async () => {
    await goLiveAfterRefusals(
      2,
      (route) => route.abort('connectionreset'),
      Array(2).fill('Failed to load resource: net::ERR_CONNECTION_RESET'),
    );
  });

  it('tries again when every event stream is taken (429 too_many_streams) and goes live once one is free (ORCH-UIP-010, ORCH-UI-015)', async () => {
    await goLiveAfterRefusals(
      1,
      (route) =>
        route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: JSON.stringify({
            error: { code: 'too_many_streams', message: 'The instance already serves 64 event streams.' },
          }),
        }),
      ['Failed to load resource: the server responded with a status of 429 (Too Many Requests)'],
    );
  });

  it('lays out on a phone (390x844) without horizontal overflow (ORCH-UIP-031)', async () => {
    const phone = await openWatchedPage(testbed.browser, { width: 390, height: 844 });
    await phone.page.goto(`${testbed.url}/ui`);
    await expect.poll(() => phone.page.locator('#connection').textContent(), UI_WAIT).toBe('Live');
    await expect.poll(() => replicaRow(phone.page, 'chat', 'chat-0').count(), UI_WAIT).toBe(1);
    expect(await measureHorizontalOverflow(phone.page)).toEqual({ page: 0, wide: 0 });
    await saveScreenshot(phone.page, 'phone');
    expect(phone.errors).toEqual([]);
    await phone.page.context().close();
  });

  it('saves the fleet view with live traffic and a running task (ORCH-UIP-033)', async () => {
    const { page } = watched;
    const client = await sendClientTask(testbed.url, {
      model: 'long',
      prompt: 'screenshot',
      max_tokens: 1_000,
      task_id: 'streaming-now',
    });
    await runManyTasks(testbed.url, 12, 3, (index) => ({
      model: 'chat',
      prompt: `${index}`,
      max_tokens: 20,
    }));
    await tableRow(page, 'Running tasks', 'streaming-now').waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'fleet');
    await tableRow(page, 'Running tasks', 'streaming-now')
      .getByRole('button', { name: 'Cancel', exact: true })
      .click();
    expect((await client.done).at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });

  it('logged no console error and threw nothing all along (ORCH-UIP-032)', () => {
    expect(watched.errors).toEqual([]);
  });
});
