/** Shared pieces of the browser tests: launching Chromium, waiting on assertions, reading the page. */
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Retries an assertion until it passes or time runs out, then rethrows its last failure, so
 * tests wait exactly as long as the page needs instead of sleeping.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The number a user sees in an element, thousands separators and all. */
export async function readCount(page: Page, selector: string): Promise<number | null> {
  const text = (await page.locator(selector).textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  return digits === '' ? null : Number(digits);
}

export async function readText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').trim();
}

/**
 * Counts opaque canvas pixels close to a colour: proof that a dataset (not just axes and grid,
 * which are grey) was drawn, without reaching into Chart.js.
 */
export function countColorPixels(page: Page, canvasId: string, hex: string): Promise<number> {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return page.evaluate(
    ({ id, target }) => {
      const canvas = document.getElementById(id);
      if (!(canvas instanceof HTMLCanvasElement)) return -1;
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const distance =
          Math.abs(data[i] - target[0]) +
          Math.abs(data[i + 1] - target[1]) +
          Math.abs(data[i + 2] - target[2]);
        if (data[i + 3] > 200 && distance < 60) count += 1;
      }
      return count;
    },
    { id: canvasId, target: rgb },
  );
}
