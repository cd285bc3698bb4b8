import { readFileSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { findDescendantProcesses, readProcessUsage } from './process-usage.js';

/** What the status page did while the bench ran (`--ui`). */
export interface UiPageCounts {
  /** Frames that took longer than 50 ms to draw (long animation frames, as the browser measured them). */
  slowFrames: number;
  /** Main-thread tasks longer than 50 ms, as the browser measured them. */
  longTasks: number;
  /** The longest of them, ms (0 without any). */
  longestTaskMs: number;
  /** Console errors and uncaught exceptions of the page. */
  errors: number;
  /** Recent tasks the page listed at the end. */
  recentTasks: string;
  /** CPU seconds Chromium's processes (browser, renderer, GPU, utilities) spent while the page was open. */
  browserCpuSeconds: number;
  /** Seconds the page was open. */
  openSeconds: number;
  /** The renderer's main-thread seconds while the page was open, by kind (Chromium's own Performance metrics). */
  renderer: { script: number; layout: number; style: number; task: number };
}

/** The Performance metrics of the renderer the bench reads (seconds). */
const RENDERER_METRICS = {
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
  task: 'TaskDuration',
} as const;

/**
 * CPU seconds of every Chromium process now: the processes this bench started that are not the orchestrators,
 * engines or relays it runs (those are Node.js or nginx). A process that ended is left out.
 */
function readBrowserCpuSeconds(): number {
  let seconds = 0;
  for (const pid of findDescendantProcesses(process.pid)) {
    try {
      const command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (command.startsWith('chrom')) seconds += readProcessUsage(pid).cpuSeconds;
    } catch {
      // It ended while it was read.
    }
  }
  return seconds;
}

/** A headless Chromium with `/ui` open on one orchestrator; `stop` closes it and tells what the page did. */
export interface UiPageViewer {
  stop(): Promise<UiPageCounts>;
}

/**
 * Flags for a headless Chromium on a machine without a network (no background connections, updates or sync),
 * run as root (`--no-sandbox`). Debian's Chromium, installed by test-harness/system/install-chromium.sh.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A tab in the background of a headless browser would otherwise be throttled: the bench measures a page in use.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

/**
 * Counters the page keeps for the bench, installed before its own scripts run. They only observe: nothing here
 * asks for a frame, so the page draws exactly when its own events make it.
 */
const PAGE_COUNTERS = `
  window.benchSlowFrames = 0;
  window.benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.benchLongTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    window.benchSlowFrames += list.getEntries().length;
  }).observe({ type: 'long-animation-frame', buffered: true });
`;

/**
 * Opens the status page of the orchestrator at `baseUrl` in Debian's headless Chromium and keeps it open, live,
 * until `stop` (ORCH-UIP-040): the page subscribes to `/v1/events` and redraws as a person's open tab would.
 */
export async function startUiPageViewer(
  baseUrl: URL,
  executablePath = '/usr/bin/chromium',
): Promise<UiPageViewer> {
  const browser: Browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let errors = 0;
    page.on('console', (message) => {
      if (message.type() === 'error') errors += 1;
    });
    page.on('pageerror', () => {
      errors += 1;
    });
    await page.addInitScript(PAGE_COUNTERS);
    await page.goto(new URL('/ui', baseUrl).href);
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: 30_000 });
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    const readRenderer = async () => {
      const { metrics } = await session.send('Performance.getMetrics');
      const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
      return {
        script: value(RENDERER_METRICS.script),
        layout: value(RENDERER_METRICS.layout),
        style: value(RENDERER_METRICS.style),
        task: value(RENDERER_METRICS.task),
      };
    };
    const rendererAtOpen = await readRenderer();
    const openedAt = performance.now();
    const cpuAtOpen = readBrowserCpuSeconds();
    return {
      async stop() {
        const measured = (await page.evaluate(
          "({ slowFrames: window.benchSlowFrames, longTasks: window.benchLongTasks, recent: document.getElementById('recent-count')?.textContent ?? '' })",
        )) as { slowFrames: number; longTasks: number[]; recent: string };
        const browserCpuSeconds = readBrowserCpuSeconds() - cpuAtOpen;
        const rendererNow = await readRenderer();
        const renderer = {
          script: rendererNow.script - rendererAtOpen.script,
          layout: rendererNow.layout - rendererAtOpen.layout,
          style: rendererNow.style - rendererAtOpen.style,
          task: rendererNow.task - rendererAtOpen.task,
        };
        const openSeconds = (performance.now() - openedAt) / 1000;
        await browser.close();
        return {
          slowFrames: measured.slowFrames,
          longTasks: measured.longTasks.length,
          longestTaskMs: Math.round(Math.max(0, ...measured.longTasks)),
          errors,
          recentTasks: measured.recent,
          browserCpuSeconds,
          openSeconds,
          renderer,
        };
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
