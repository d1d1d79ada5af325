/**
 * Live totals in a real browser against local mode: two people on the clicks page, a click of one
 * reaches the other's page within a second by push, with no polling while live; a broken socket
 * makes the page say it polls, poll, and go live again when the socket comes back.
 */
import type { Page, Request } from 'playwright-core';
import {
  DESKTOP,
  eventually,
  openPage,
  readCount,
  readText,
  signUpWithForm,
  switchableLiveSocket,
  useLocalModeAndBrowser,
} from './helpers';

const e2e = useLocalModeAndBrowser();
const LIVE = 'Live';
const POLLING = 'Polling — live updates unavailable';

/** The page's reads of the totals (its own clicks are POSTs). */
function totalsReads(page: Page): Request[] {
  const reads: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/clicks') reads.push(request);
  });
  return reads;
}

async function signedInOnClicks(name: string): Promise<{ page: Page; errors: string[] }> {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const opened = await openPage(context);
  await opened.page.goto(`${e2e.url}/`);
  await signUpWithForm(
    opened.page,
    `${name}_${Date.now().toString(36)}`,
    'correct horse battery',
    '**/clicks.html',
  );
  return opened;
}

test('a click on one page shows on another within 1 s by push; a broken socket falls back to polling and recovers', async () => {
  const clicker = await signedInOnClicks('pusher');
  // The watcher's socket passes through a switch the test can throw: close it, refuse new ones.
  const watcherContext = await e2e.browser.newContext({ viewport: DESKTOP });
  const watcher = await openPage(watcherContext);
  const liveSocket = await switchableLiveSocket(watcher.page);
  await watcher.page.goto(`${e2e.url}/`);
  await signUpWithForm(
    watcher.page,
    `watcher_${Date.now().toString(36)}`,
    'correct horse battery',
    '**/clicks.html',
  );
  const reads = totalsReads(watcher.page);
  for (const { page } of [clicker, watcher])
    await eventually(async () => expect(await readText(page, '#live-status')).toBe(LIVE));
  await eventually(async () => expect(await readCount(watcher.page, '#total-clicks')).not.toBeNull());
  const readsWhileLive = reads.length;

  /** Clicks on the clicker's page; resolves when the click's answer is in, with the time it came. */
  const click = async (): Promise<number> => {
    const answered = clicker.page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/clicks',
    );
    await clicker.page.getByRole('button', { name: 'Click Me!' }).click();
    expect((await answered).status()).toBe(200);
    return Date.now();
  };
  const watcherSees = (total: number, withinMs: number) =>
    eventually(async () => expect(await readCount(watcher.page, '#total-clicks')).toBe(total), withinMs, 20);

  // The first click loads the click path's code in local mode (it compiles on first use, where a
  // Lambda container would be warm): it is waited for, not timed.
  const before = (await readCount(watcher.page, '#total-clicks')) ?? 0;
  await click();
  await watcherSees(before + 1, 5_000);
  // A click of the other person: the watcher's total moves within a second of the click's answer.
  const answeredAt = await click();
  await watcherSees(before + 2, 1_000);
  expect(Date.now() - answeredAt).toBeLessThanOrEqual(1_000);
  // Live, it did not poll: a few seconds with no reads of the totals (the poll runs every 2 s).
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(reads.length).toBe(readsWhileLive);

  // The socket dies and cannot come back for a while: the page says it polls, and polls.
  await liveSocket.cut();
  await eventually(async () => expect(await readText(watcher.page, '#live-status')).toBe(POLLING), 5_000);
  await click();
  await watcherSees(before + 3, 10_000);
  expect(reads.length).toBeGreaterThan(readsWhileLive);

  // The socket comes back: live again, and the polling stops.
  liveSocket.restore();
  await eventually(async () => expect(await readText(watcher.page, '#live-status')).toBe(LIVE), 20_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const readsAfterRecovery = reads.length;
  await click();
  await watcherSees(before + 4, 1_500);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(reads.length).toBe(readsAfterRecovery);
  expect([...clicker.errors, ...watcher.errors]).toEqual([]);
});

test('the dashboard follows the pushes too, and says it is live', async () => {
  const clicker = await signedInOnClicks('dash');
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const dashboard = await openPage(context);
  await dashboard.page.goto(`${e2e.url}/dashboard.html?minutes=15`);
  await eventually(async () => expect(await readText(dashboard.page, '#live-status')).toBe(LIVE));
  await eventually(async () => expect(await readCount(dashboard.page, '#dashboard-total')).not.toBeNull());
  const total = (await readCount(dashboard.page, '#dashboard-total')) ?? 0;
  const inWindow = (await readCount(dashboard.page, '#window-clicks')) ?? 0;
  const logReads: Request[] = [];
  dashboard.page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/clicks/log') logReads.push(r);
  });
  await clicker.page.getByRole('button', { name: 'Click Me!' }).click();
  await eventually(
    async () => {
      expect(await readCount(dashboard.page, '#dashboard-total')).toBe(total + 1);
      expect(await readCount(dashboard.page, '#window-clicks')).toBe(inWindow + 1);
    },
    2_000,
    20,
  );
  expect(logReads).toEqual([]);
  expect([...clicker.errors, ...dashboard.errors]).toEqual([]);
});
