import type { Browser } from 'playwright-core';
import { launchChromium } from './ui-browser.js';
import { startUiTestOrchestrator } from './ui-test-orchestrator.js';

/** A real orchestrator and a headless Chromium to look at its status page with. */
export interface UiTestbed {
  /** The orchestrator's base URL (`http://127.0.0.1:<port>`). */
  url: string;
  browser: Browser;
  /** Closes the browser and shuts the orchestrator down. */
  close(): Promise<void>;
}

/** Starts an orchestrator on the given YAML config, then Chromium. */
export async function startUiTestbed(configYaml: string): Promise<UiTestbed> {
  const orchestrator = await startUiTestOrchestrator(configYaml);
  try {
    const browser = await launchChromium();
    return {
      url: orchestrator.url,
      browser,
      close: async () => {
        await browser.close();
        await orchestrator.shutdown(0);
      },
    };
  } catch (error) {
    await orchestrator.shutdown(0);
    throw error;
  }
}
