/** Shared pieces of the browser tests: launching Chromium, waiting on assertions, reading the page. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { REALTIME_PATH } from '../../lambdas/contract/live-events';
import { startLocal, type LocalRuntime } from '../../lib/local/runtime';
import { LOCAL_MODE_START_MS } from '../support/local-process';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

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

/**
 * A page that fails the test on any uncaught script error or Content-Security-Policy violation
 * (local mode sends the same strict CSP as CloudFront), and that records every JavaScript dialog
 * (alert, confirm, prompt), which the site never opens: a dialog means injected script ran.
 */
export async function openPage(
  context: BrowserContext,
): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, errors, dialogs };
}

/** Nothing may stick out sideways: a phone user should never have to scroll horizontally. */
export async function expectFitsWidth(page: Page, width: number): Promise<void> {
  await eventually(async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact?: string | null;
  readonly help: string;
  readonly nodes: { readonly target: unknown[] }[];
}

/**
 * axe-core on the page as it is now: no serious or critical violations. Evaluated through the
 * DevTools protocol, so the page's strict CSP stays on.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const { violations: found } = await axe.run(document);
    return found
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/**
 * Full-page screenshots at desktop and phone width, after checking nothing overflows the phone and
 * axe-core finds no serious or critical accessibility problem at either width.
 */
export async function screenshots(page: Page, dir: string, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await expectFitsWidth(page, viewport.width);
    await expectAccessible(page, `${name} (${size})`);
    await page.screenshot({ path: join(dir, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

export async function expectNoUndefined(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/undefined|NaN|\[object|Invalid Date/);
}

/**
 * Creates an account with the home page's sign-up form (the page is expected to be on it) and
 * waits for the sign-in that follows to land on `landsOn`.
 */
export async function signUpWithForm(
  page: Page,
  username: string,
  password: string,
  landsOn: string | RegExp,
): Promise<void> {
  const signUp = page.locator('#signup-form');
  await signUp.getByLabel('Username').fill(username);
  await signUp.getByLabel('Password').fill(password);
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(landsOn);
}

export interface LiveSocketSwitch {
  /** Closes the page's live socket and refuses new ones until `restore`. */
  cut(): Promise<void>;
  restore(): void;
}

/**
 * Passes the page's live-totals WebSockets through a switch the test can throw. Install it before
 * the page opens its socket (before `goto`).
 */
export async function switchableLiveSocket(page: Page): Promise<LiveSocketSwitch> {
  const open: WebSocketRoute[] = [];
  let refusing = false;
  await page.routeWebSocket(new RegExp(`${REALTIME_PATH}$`), (socket) => {
    if (refusing) return void socket.close();
    socket.connectToServer();
    open.push(socket);
  });
  return {
    async cut() {
      refusing = true;
      for (const socket of open.splice(0)) await socket.close();
    },
    restore() {
      refusing = false;
    },
  };
}

/** Marks the current document, to prove later that an action did not reload the page. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute('data-e2e-marker', 'still-here'));
}

export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-e2e-marker'))).toBe(
    'still-here',
  );
}

export interface E2eSession {
  /** The local mode's base URL, e.g. http://localhost:41234. */
  readonly url: string;
  readonly browser: Browser;
  /** Screenshots (and the accessibility check) into this run's screenshot folder. */
  screenshots(page: Page, name: string): Promise<void>;
}

/**
 * For one test file: local mode on a fresh data directory and a Chromium, started before its tests
 * and stopped after them. Screenshots go to $E2E_SCREENSHOT_DIR or a fresh temporary folder.
 */
export function useLocalModeAndBrowser(): E2eSession {
  let local: LocalRuntime | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let screenshotDir = process.env.E2E_SCREENSHOT_DIR ?? '';
  beforeAll(async () => {
    // The handlers' request logs would drown the test output; warnings and errors still show.
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
    dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-data-'));
    screenshotDir ||= mkdtempSync(join(tmpdir(), 'cc-e2e-screens-'));
    // allSettled, not all: when one fails, the other is kept so afterAll closes it. A browser left
    // running keeps Jest from ever exiting.
    const [localStarted, browserStarted] = await Promise.allSettled([
      startLocal({ port: 0, dataDir }),
      launchChromium(),
    ]);
    if (localStarted.status === 'fulfilled') local = localStarted.value;
    if (browserStarted.status === 'fulfilled') browser = browserStarted.value;
    for (const result of [localStarted, browserStarted])
      if (result.status === 'rejected') throw result.reason;
  }, LOCAL_MODE_START_MS);
  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('local mode and the browser start in beforeAll');
    return value;
  };
  return {
    get url() {
      return started(local).url;
    },
    get browser() {
      return started(browser);
    },
    screenshots: (page, name) => screenshots(page, screenshotDir, name),
  };
}
