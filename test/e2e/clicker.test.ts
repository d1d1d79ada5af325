/**
 * The Clicker in a real browser against the whole product in local mode: sign up, click, watch
 * both totals, read the dashboard; and an expired session leading back to sign-in.
 *
 * Needs `npm run build:web` first. Screenshots of every page (desktop and 375 px wide) are written
 * to $E2E_SCREENSHOT_DIR, or a fresh temporary directory, for a person to look at.
 */
import type { Request } from 'playwright-core';
import { REMEMBERED_KEYS } from '../../lambdas/contract/idempotency';
import {
  countColorPixels,
  DESKTOP,
  eventually,
  expectNoUndefined,
  openPage,
  readCount,
  readText,
  signUpWithForm,
  switchableLiveSocket,
  useLocalModeAndBrowser,
} from './helpers';

/** The session format of web/src/session.ts. */
const SESSION_KEY = 'cloudclicker.session';
const EXPIRED_MESSAGE = 'Your session has expired — please sign in again.';
/** CHART_COLORS in web/src/dashboard/charts.ts. */
const LINE_COLOR = '#4f46e5';
const BAR_COLOR = '#0891b2';
const CLICKS = 5;

const e2e = useLocalModeAndBrowser();
const { screenshots } = e2e;

test('sign up, click, see both totals move, then read the dashboard', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  const liveSocket = await switchableLiveSocket(page);
  const username = `e2e_${Date.now().toString(36)}`;
  const password = 'correct horse battery';

  await page.goto(`${e2e.url}/`);
  const signUp = page.locator('#signup-form');

  // Hints come from the browser before anything is sent.
  await signUp.getByLabel('Username').fill('ab');
  await signUp.getByLabel('Password').fill('short');
  await signUp.getByRole('button', { name: 'Create account' }).click();
  expect(await readText(page, '#signup-username-error')).toMatch(/at least 3/);
  expect(await readText(page, '#signup-password-error')).toMatch(/at least 8/);
  expect(await signUp.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');

  // Sign-up signs in by itself and lands on the clicks page.
  await signUp.getByLabel('Username').fill(username);
  await signUp.getByLabel('Password').fill(password);
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/clicks.html');
  await eventually(async () => expect(await readText(page, '#username')).toBe(username));
  await eventually(async () => {
    expect(await readCount(page, '#total-clicks')).toBe(0);
    expect(await readCount(page, '#user-clicks')).toBe(0);
  });
  expect(await readText(page, '#site-account')).toContain(username);

  // Every click carries its own Idempotency-Key. The first click's answer is lost on the way
  // back (the server has counted it): the page re-sends it with the same key, and it counts once.
  const clickRequests: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/clicks')
      clickRequests.push(request);
  });
  let answersLost = 0;
  await page.route('**/api/clicks', async (route) => {
    if (route.request().method() === 'POST' && answersLost === 0) {
      answersLost += 1;
      await route.fetch();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });

  const button = page.getByRole('button', { name: 'Click Me!' });
  for (let i = 0; i < CLICKS - 1; i += 1) await button.click();
  // The keyboard works too.
  await button.focus();
  await page.keyboard.press('Space');

  await eventually(async () => {
    expect(await readCount(page, '#user-clicks')).toBe(CLICKS);
    expect(await readCount(page, '#total-clicks')).toBe(CLICKS);
  });
  const keys = await Promise.all(clickRequests.map((r) => r.headerValue('idempotency-key')));
  expect(answersLost).toBe(1);
  expect(keys).toHaveLength(CLICKS + 1);
  for (const key of keys)
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Set(keys).size).toBe(CLICKS);
  expect(keys.filter((k) => k === keys[0])).toHaveLength(2);
  expect(await readText(page, '#click-status')).toBe('');
  await page.unroute('**/api/clicks');

  // The server goes away for a moment (its live socket and its API): the page says so, keeps asking,
  // polls once the API is back, and goes live again once the socket is.
  await page.route('**/api/clicks', (route) => route.abort('connectionrefused'));
  await liveSocket.cut();
  await eventually(async () =>
    expect(await readText(page, '#live-status')).toBe("Can't reach the server — retrying…"),
  );
  await page.unroute('**/api/clicks');
  await eventually(async () =>
    expect(await readText(page, '#live-status')).toBe('Polling — live updates unavailable'),
  );
  liveSocket.restore();
  await eventually(async () => expect(await readText(page, '#live-status')).toBe('Live'), 30_000);
  expect(await readCount(page, '#total-clicks')).toBe(CLICKS);
  await expectNoUndefined(page);
  await screenshots(page, 'clicks');

  // Dashboard: figures and both charts drawn from the log.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForURL('**/dashboard.html');
  await eventually(async () => {
    expect(await readCount(page, '#window-clicks')).toBe(CLICKS);
    expect(await readCount(page, '#dashboard-total')).toBe(CLICKS);
    expect(Number(await readText(page, '#clicks-per-minute'))).toBeCloseTo(CLICKS / 60, 2);
    expect(await readText(page, '#dashboard-status')).toMatch(/^Updated at /);
  });
  await eventually(async () => {
    expect(await countColorPixels(page, 'total-chart', LINE_COLOR)).toBeGreaterThan(100);
    expect(await countColorPixels(page, 'rate-chart', BAR_COLOR)).toBeGreaterThan(100);
  });
  expect(await page.locator('#empty-note').isHidden()).toBe(true);
  await expectNoUndefined(page);

  // Another window: the rate is over 15 minutes now, and the choice is kept in the address.
  await page.getByText('15 min', { exact: true }).click();
  await page.waitForURL('**/dashboard.html?minutes=15');
  await eventually(async () => {
    expect(Number(await readText(page, '#clicks-per-minute'))).toBeCloseTo(CLICKS / 15, 2);
  });
  await screenshots(page, 'dashboard');

  // Sign out from the header, then the server's own error messages on the home page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${e2e.url}/`);
  expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();

  await signUp.getByLabel('Username').fill(username.toUpperCase());
  await signUp.getByLabel('Password').fill(password);
  await signUp.getByRole('button', { name: 'Create account' }).click();
  // The server's 409 message lands on the username field, which gets the focus.
  await eventually(async () => expect(await readText(page, '#signup-username-error')).toMatch(/taken/i));
  expect(await signUp.locator('[data-error-for="username"]').isVisible()).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('signup-username');
  expect(await readText(page, '#signup-status')).toBe('');

  const signIn = page.locator('#signin-form');
  await signIn.getByLabel('Username').fill(username);
  await signIn.getByLabel('Password').fill('not the password');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await eventually(async () => {
    expect(await page.locator('#signin-status').getAttribute('data-tone')).toBe('error');
    expect(await readText(page, '#signin-status')).not.toBe('');
  });
  await expectNoUndefined(page);
  await screenshots(page, 'home');

  // Signing in again finds the clicks where they were.
  await signIn.getByLabel('Password').fill(password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/clicks.html');
  await eventually(async () => expect(await readCount(page, '#user-clicks')).toBe(CLICKS));

  // Home knows you are signed in.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await eventually(async () => expect(await readText(page, '#welcome-name')).toBe(username));
  expect(await page.locator('#auth-forms').isHidden()).toBe(true);
  await screenshots(page, 'welcome');

  expect(errors).toEqual([]);
  await context.close();
});

test('a bad or expired session leads back to sign-in with a clear message', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  await page.goto(`${e2e.url}/`);

  // A token the server rejects (unknown signature) that looks fine locally.
  await page.evaluate(
    ({ key }) =>
      localStorage.setItem(
        key,
        JSON.stringify({ token: 'garbage.token.here', expiresAt: Date.now() + 3_600_000, username: 'ghost' }),
      ),
    { key: SESSION_KEY },
  );
  await page.goto(`${e2e.url}/clicks`);
  await page.waitForURL(/\/\?expired=1/);
  await eventually(async () => expect(await readText(page, '#notice')).toBe(EXPIRED_MESSAGE));
  expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
  await expectNoUndefined(page);

  // A token past its expiry never leaves the browser.
  await page.evaluate(
    ({ key }) =>
      localStorage.setItem(
        key,
        JSON.stringify({ token: 'old', expiresAt: Date.now() - 60_000, username: 'ghost' }),
      ),
    { key: SESSION_KEY },
  );
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
  });
  await page.goto(`${e2e.url}/clicks.html`);
  await page.waitForURL(/\/\?expired=1/);
  await eventually(async () => expect(await readText(page, '#notice')).toBe(EXPIRED_MESSAGE));
  expect(apiCalls).toEqual([]);
  await screenshots(page, 'expired');

  // Never signed in: the clicks page asks for sign-in without talking of expiry.
  await page.goto(`${e2e.url}/clicks.html`);
  await page.waitForURL(/\/\?next=/);
  await eventually(async () => expect(await readText(page, '#notice')).toBe('Please sign in to continue.'));
  expect(apiCalls).toEqual([]);

  // The dashboard is public: it works signed out and offers sign-in.
  await page.goto(`${e2e.url}/dashboard`);
  await eventually(async () => expect(await readText(page, '#dashboard-status')).toMatch(/^Updated at /));
  expect(await page.locator('#site-account').getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
  await expectNoUndefined(page);

  expect(errors).toEqual([]);
  await context.close();
});

test('after sign-in, `next` only ever leads to a path of this site', async () => {
  const username = `nextcheck_${Date.now().toString(36)}`;
  const password = 'correct horse battery';
  const registered = await fetch(`${e2e.url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(registered.status).toBe(201);
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  const hostile = [
    '/\t/evil.example',
    '/%09/evil.example',
    '//evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/%0d%0a/evil.example',
    '/\\evil.example',
  ];
  const signInWith = async (next: string): Promise<string> => {
    // Signed out first, so the home page shows its sign-in form.
    await page.goto(`${e2e.url}/favicon.svg`);
    await page.evaluate((key) => localStorage.removeItem(key), SESSION_KEY);
    await page.goto(`${e2e.url}/?next=${next.startsWith('/%') ? next : encodeURIComponent(next)}`);
    const signIn = page.locator('#signin-form');
    await signIn.getByLabel('Username').fill(username);
    await signIn.getByLabel('Password').fill(password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/');
    return page.url();
  };
  for (const next of hostile) expect(await signInWith(next)).toBe(`${e2e.url}/clicks.html`);
  // A path of this site is followed.
  expect(await signInWith('/parks.html')).toBe(`${e2e.url}/parks.html`);
  expect(errors).toEqual([]);
  await context.close();
});

test('a burst of clicks while the first answer is slow: the page holds clicks past its window, says so, and counts each once', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  await page.goto(`${e2e.url}/`);
  await signUpWithForm(page, `burst_${Date.now().toString(36)}`, 'correct horse battery', '**/clicks.html');
  await eventually(async () => expect(await readCount(page, '#user-clicks')).toBe(0));

  // The first click reaches the server and is counted; its answer is held until the test lets it go.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let posts = 0;
  await page.route('**/api/clicks', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts += 1;
    if (posts > 1) return route.continue();
    const answer = await route.fetch();
    await released;
    return route.fulfill({ response: answer });
  });

  // While it is unanswered (and might be re-sent), only the clicks the server's remembered keys
  // cover go out; the rest wait, and the page says so.
  const burst = REMEMBERED_KEYS + 4;
  const sent = REMEMBERED_KEYS - 1;
  const button = page.getByRole('button', { name: 'Click Me!' });
  for (let i = 0; i < burst; i += 1) await button.click();
  await eventually(async () => {
    expect(await readCount(page, '#user-clicks')).toBe(sent);
    expect(await readText(page, '#click-status')).toBe(
      `${burst - sent} clicks wait for earlier ones to go through…`,
    );
  });
  await page.waitForTimeout(500);
  expect(posts).toBe(sent);

  release();
  await eventually(async () => {
    expect(await readCount(page, '#user-clicks')).toBe(burst);
    expect(await readText(page, '#click-status')).toBe('');
  });
  expect(posts).toBe(burst);
  expect(errors).toEqual([]);
  await context.close();
});
