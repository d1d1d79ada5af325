/**
 * RangerAI chat in a real browser against the whole product in local mode (the offline advisor):
 * sign in and come back, a two-turn conversation with the pending indicator, the conversation kept
 * and reopened after a reload, a new conversation, delete without a reload, user text shown as
 * text; replies that stream in, can be stopped, and are kept marked incomplete when cut off; and the
 * failure paths: a 503 (message kept, error next to it, "Try again") and a 429.
 *
 * Needs `npm run build:web` first. Screenshots (desktop and 375 px wide) go to
 * $E2E_SCREENSHOT_DIR, or a fresh temporary directory.
 */
import type { Page } from 'playwright-core';
import { apiClient } from '../support/api';
import {
  DESKTOP,
  eventually,
  expectNoUndefined,
  expectSameDocument,
  markDocument,
  openPage,
  readText,
  useLocalModeAndBrowser,
  signUpWithForm,
} from './helpers';

const e2e = useLocalModeAndBrowser();
const { screenshots } = e2e;

const FIRST = 'Camping at Denali — what about bears?';
const SECOND = 'And water?';
const HOSTILE = '<b>bold</b><script>alert(1)</script> tips for Redwood?';

/** The messages on screen, in order, as role and text. */
async function shownMessages(page: Page): Promise<{ role: string; text: string }[]> {
  const items = page.locator('#chat-log > li');
  const out: { role: string; text: string }[] = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    out.push({
      role: (await items.nth(i).getAttribute('data-role')) ?? '',
      text: (await items.nth(i).locator('.bubble-text').textContent()) ?? '',
    });
  }
  return out;
}

/** `count` replies on screen, the last one finished (replies stream in). */
async function expectAssistantCount(page: Page, count: number): Promise<void> {
  await eventually(async () =>
    expect(await page.locator('#chat-log > li[data-role="assistant"]').count()).toBe(count),
  );
  await eventually(async () => expect(await readText(page, '#chat-pending')).toBe(''));
}

async function signInToChat(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${e2e.url}/?next=%2Fchat.html`);
  const form = page.locator('#signin-form');
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/chat.html');
}

/** Holds the next message (POST /api/chat/stream) until the returned function is called. */
async function holdNextSend(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    '**/api/chat/stream',
    async (route) => {
      await gate;
      await route.continue();
    },
    { times: 1 },
  );
  return release;
}

test('a two-turn conversation with the offline advisor, kept, reopened, and deleted', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);

  // Signed out, the page asks for sign-in and comes back.
  await page.goto(`${e2e.url}/chat.html`);
  await page.waitForURL(/\?next=%2Fchat\.html$/);
  await signUpWithForm(page, `camper_${Date.now().toString(36)}`, 'correct horse battery', '**/chat.html');
  const nav = page.getByRole('navigation', { name: 'Main' });
  expect(await nav.getByRole('link', { name: 'Chat' }).getAttribute('aria-current')).toBe('page');
  // Seven sections and the account fit on one header row at desktop width.
  const navBox = await page.locator('#site-nav').boundingBox();
  const accountBox = await page.locator('#site-account').boundingBox();
  expect(Math.abs((navBox?.y ?? 0) - (accountBox?.y ?? 100))).toBeLessThan(8);
  await eventually(async () => expect(await page.locator('#conversations-empty').isVisible()).toBe(true));
  expect(await readText(page, '#chat-title')).toBe('New conversation');
  await markDocument(page);

  // The composer counts characters; an empty message is not sent.
  // Before anything is sent, the page already says who answers.
  await eventually(async () =>
    expect(await page.locator('#chat-provider').innerText()).toMatch(/offline advisor/i),
  );

  const composer = page.getByLabel('Your message');
  const send = page.getByRole('button', { name: 'Send' });
  await send.click();
  await eventually(async () => expect(await page.getByText('Type a message first.').isVisible()).toBe(true));
  await composer.fill(FIRST);
  expect(await readText(page, '#chat-counter')).toBe(`${FIRST.length} / 2,000`);
  expect(await page.getByText('Type a message first.').isVisible()).toBe(false);

  // Enter sends: the message shows at once, with the pending indicator, until the answer.
  const release = await holdNextSend(page);
  await composer.press('Enter');
  await eventually(async () => expect(await shownMessages(page)).toEqual([{ role: 'user', text: FIRST }]));
  await eventually(async () => expect(await readText(page, '#chat-pending')).toBe('RangerAI is thinking…'));
  expect(await page.locator('#chat-thread').getAttribute('aria-busy')).toBe('true');
  expect(await send.isDisabled()).toBe(true);
  expect(await composer.inputValue()).toBe('');
  release();
  await expectAssistantCount(page, 1);
  expect(await readText(page, '#chat-pending')).toBe('');
  expect(await page.locator('#chat-thread').getAttribute('aria-busy')).toBe('false');
  expect(await send.isEnabled()).toBe(true);
  const firstReply = (await shownMessages(page))[1].text;
  expect(firstReply).toContain('Denali');
  expect(firstReply).toMatch(/bear/i);
  expect(await readText(page, '#chat-log > li[data-role="assistant"] .bubble-author')).toBe(
    'RangerAI (offline advisor)',
  );

  // The offline advisor says what it is.
  const note = page.locator('#chat-provider');
  expect(await note.isVisible()).toBe(true);
  expect(await note.innerText()).toMatch(/offline advisor/i);
  expect(await note.innerText()).toMatch(/not a language model/);

  // The new conversation is at the top of the list, marked as the open one, and in the address.
  const items = page.locator('#conversation-list > li');
  await eventually(async () => expect(await items.count()).toBe(1));
  const firstItem = items.first().locator('[data-action="open"]');
  await eventually(async () =>
    expect(await readText(page, '#conversation-list .conversation-title')).toBe(FIRST),
  );
  expect(await firstItem.getAttribute('aria-current')).toBe('true');
  expect(page.url()).toMatch(/\/chat\.html\?id=[^&]+$/);
  const conversationUrl = page.url();

  // Shift+Enter is a new line, not a send.
  await composer.fill('line one');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('line two');
  expect(await composer.inputValue()).toBe('line one\nline two');
  expect(await page.locator('#chat-log > li').count()).toBe(2);

  // A second turn in the same conversation: the advisor keeps the park.
  await composer.fill(SECOND);
  await composer.press('Enter');
  await expectAssistantCount(page, 2);
  const secondReply = (await shownMessages(page))[3].text;
  expect(secondReply).toContain('Denali');
  expect(secondReply).toMatch(/water/i);
  expect(await items.count()).toBe(1);
  expect(page.url()).toBe(conversationUrl);
  await expectSameDocument(page);
  await expectNoUndefined(page);
  await screenshots(page, 'chat-conversation');

  // After a reload the conversation is still there; it opens again from the list, turns in order.
  await page.reload();
  await eventually(async () => expect(await items.count()).toBe(1));
  await expectAssistantCount(page, 2);
  await page.getByRole('button', { name: 'New conversation' }).click();
  expect(await page.locator('#chat-log > li').count()).toBe(0);
  expect(page.url()).toBe(`${e2e.url}/chat.html`);
  await items.first().locator('[data-action="open"]').click();
  await expectAssistantCount(page, 2);
  expect(await shownMessages(page)).toEqual([
    { role: 'user', text: FIRST },
    { role: 'assistant', text: firstReply },
    { role: 'user', text: SECOND },
    { role: 'assistant', text: secondReply },
  ]);
  expect(await readText(page, '#chat-title')).toBe(FIRST);
  expect(page.url()).toBe(conversationUrl);
  // The provider is remembered, so the note shows before the next answer.
  expect(await note.isVisible()).toBe(true);

  // A new conversation; user text that looks like HTML stays text.
  await markDocument(page);
  await page.getByRole('button', { name: 'New conversation' }).click();
  expect(await readText(page, '#chat-title')).toBe('New conversation');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-message');
  await composer.fill(HOSTILE);
  await composer.press('Enter');
  await expectAssistantCount(page, 1);
  expect((await shownMessages(page))[0]).toEqual({ role: 'user', text: HOSTILE });
  expect((await shownMessages(page))[1].text).toContain('Redwood');
  expect(await page.locator('#chat-log b, #chat-log script').count()).toBe(0);
  await eventually(async () => expect(await items.count()).toBe(2));
  await eventually(async () =>
    expect(await items.first().locator('.conversation-title').textContent()).toBe(HOSTILE),
  );
  expect(await items.nth(1).locator('.conversation-title').textContent()).toBe(FIRST);
  expect(await items.first().locator('[data-action="open"]').getAttribute('aria-current')).toBe('true');
  expect(await items.nth(1).locator('[data-action="open"]').getAttribute('aria-current')).toBeNull();

  // Delete the first conversation, after an on-page confirmation, without a reload.
  await items
    .nth(1)
    .getByRole('button', { name: `Delete “${FIRST}”` })
    .click();
  const confirm = page.getByRole('dialog', { name: `Delete “${FIRST}”?` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await items.count()).toBe(2);
  await items
    .nth(1)
    .getByRole('button', { name: `Delete “${FIRST}”` })
    .click();
  await confirm.getByRole('button', { name: 'Delete conversation' }).click();
  await eventually(async () => expect(await items.count()).toBe(1));
  expect(await readText(page, '#conversations-status')).toBe(`Deleted “${FIRST}”.`);
  await expectSameDocument(page);
  // The open conversation was not the one deleted: it stays.
  expect(await page.locator('#chat-log > li').count()).toBe(2);

  // The server agrees.
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('cloudclicker.session') ?? '{}') as { token?: string }).token,
  );
  const listed = await apiClient(e2e.url).call<{ conversations: { title: string }[] }>(
    'GET',
    '/api/chat/conversations',
    { token },
  );
  expect(listed.body.conversations.map((c) => c.title)).toEqual([HOSTILE]);

  // Deleting the open conversation leaves an empty new one.
  await items
    .first()
    .getByRole('button', { name: /^Delete/ })
    .click();
  await page
    .getByRole('dialog', { name: /^Delete/ })
    .getByRole('button', { name: 'Delete conversation' })
    .click();
  await eventually(async () => expect(await page.locator('#conversations-empty').isVisible()).toBe(true));
  expect(await readText(page, '#chat-title')).toBe('New conversation');
  expect(await page.locator('#chat-log > li').count()).toBe(0);
  expect(page.url()).toBe(`${e2e.url}/chat.html`);
  await expectSameDocument(page);

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('a failed answer keeps the message and the conversation; retry and rate limit', async () => {
  const client = apiClient(e2e.url);
  const user = await client.newUser('ranger');
  const started = await client.call<{ conversationId: string }>('POST', '/api/chat', {
    token: user.token,
    body: { message: 'Planning a Grand Canyon trip in July' },
  });
  expect(started.status).toBe(200);
  const conversationId = started.body.conversationId;

  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  await signInToChat(page, user);
  const items = page.locator('#conversation-list > li');
  await eventually(async () => expect(await items.count()).toBe(1));
  await items.first().locator('[data-action="open"]').click();
  await expectAssistantCount(page, 1);
  await markDocument(page);

  // The model fails once: 503 with the conversation the message was kept in.
  const failure = 'RangerAI is not answering right now; your message is saved, try again';
  await page.route(
    '**/api/chat/stream',
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'Retry-After': '5' },
        body: JSON.stringify({ message: failure, conversationId }),
      }),
    { times: 1 },
  );
  const composer = page.getByLabel('Your message');
  await composer.fill('What about the heat?');
  await composer.press('Enter');
  const failed = page.locator('#chat-log > li.has-problem');
  await eventually(async () => expect(await failed.count()).toBe(1));
  expect(await failed.locator('.bubble-text').textContent()).toBe('What about the heat?');
  expect(await failed.locator('.message-problem').innerText()).toContain(failure);
  expect(await readText(page, '#chat-announcer')).toContain(failure);
  expect(await readText(page, '#chat-pending')).toBe('');
  // The conversation stays open and usable.
  expect(page.url()).toBe(`${e2e.url}/chat.html?id=${encodeURIComponent(conversationId)}`);
  expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
  await expectAssistantCount(page, 1);
  await screenshots(page, 'chat-failed');

  // "Try again" sends it again, and this time the answer comes.
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expectAssistantCount(page, 2);
  expect(await page.locator('#chat-log > li.has-problem').count()).toBe(0);
  expect(await readText(page, '#chat-status')).toBe('');
  const retried = await shownMessages(page);
  expect(retried[2]).toEqual({ role: 'user', text: 'What about the heat?' });
  expect(retried[3].text).toContain('Grand Canyon');

  // Too many messages: the text goes back into the composer with how long to wait.
  await page.route(
    '**/api/chat/stream',
    (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'Retry-After': '7' },
        body: JSON.stringify({ message: 'RangerAI takes 10 messages a minute; try again in 7 s' }),
      }),
    { times: 1 },
  );
  await composer.fill('And at night?');
  await composer.press('Enter');
  await eventually(async () => expect(await readText(page, '#chat-form-status')).toMatch(/wait 7 seconds/));
  expect(await composer.inputValue()).toBe('And at night?');
  expect(await page.locator('#chat-log > li').count()).toBe(4);

  // Then it goes through.
  await composer.press('Enter');
  await expectAssistantCount(page, 3);
  expect(await readText(page, '#chat-form-status')).toBe('');
  expect((await shownMessages(page))[5].text).toContain('Grand Canyon');
  expect(await items.count()).toBe(1);
  await expectSameDocument(page);
  await expectNoUndefined(page);

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('the conversation list is newest first and loads more', async () => {
  const client = apiClient(e2e.url);
  const user = await client.newUser('lister');
  const messages = ['Zion in spring?', 'Yosemite with kids?', 'Acadia in the fog?'];
  for (const message of messages) {
    const sent = await client.call('POST', '/api/chat', { token: user.token, body: { message } });
    expect(sent.status).toBe(200);
  }

  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  // Pages of two, so three conversations need "Load more" (the cursor is the server's).
  await page.route(
    (url) => url.pathname === '/api/chat/conversations',
    (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.toString() });
    },
  );
  await signInToChat(page, user);
  const titles = page.locator('#conversation-list .conversation-title');
  await eventually(async () => expect(await titles.allTextContents()).toEqual([messages[2], messages[1]]));
  const more = page.getByRole('button', { name: 'Load more' });
  expect(await more.isVisible()).toBe(true);
  await more.click();
  await eventually(async () => expect(await titles.allTextContents()).toEqual([...messages].reverse()));
  await eventually(async () => expect(await more.isHidden()).toBe(true));
  expect(await readText(page, '#conversations-status')).toBe('1 more conversation loaded.');

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

/** Records every text the reply's bubble shows, from before the message is sent. */
async function recordReplyVersions(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const versions: string[] = [];
    (window as unknown as { replyVersions: string[] }).replyVersions = versions;
    const log = document.getElementById('chat-log') as HTMLElement;
    new MutationObserver(() => {
      const bubbles = log.querySelectorAll('li[data-role="assistant"] .bubble-text');
      const text = bubbles[bubbles.length - 1]?.textContent ?? '';
      if (text !== '' && text !== versions[versions.length - 1]) versions.push(text);
    }).observe(log, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { replyVersions: string[] }).replyVersions);
}

test('a reply streams in as it is written, can be stopped, and a cut-off reply is kept as incomplete', async () => {
  const user = await apiClient(e2e.url).newUser('streamer');
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  await signInToChat(page, user);
  const composer = page.getByLabel('Your message');

  // The advisor writes a few words at a time: the bubble grows, each text the one before and more.
  const versions = await recordReplyVersions(page);
  await composer.fill('Yellowstone with bears and water?');
  await composer.press('Enter');
  await expectAssistantCount(page, 1);
  await eventually(async () => expect(await page.locator('#chat-pending').textContent()).toBe(''));
  const final = (await shownMessages(page))[1].text;
  const seen = await versions();
  expect(seen.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < seen.length; i += 1) expect(seen[i].startsWith(seen[i - 1])).toBe(true);
  expect(seen[seen.length - 1]).toBe(final);
  expect(final).toContain('Yellowstone');
  expect(await page.locator('#chat-log li[data-incomplete]').count()).toBe(0);

  // Stop cuts the next reply off: what arrived stays, marked incomplete, here and on the server.
  const stop = page.getByRole('button', { name: 'Stop' });
  expect(await stop.isHidden()).toBe(true);
  await composer.fill('And what about the weather and storms?');
  await composer.press('Enter');
  await eventually(async () =>
    expect(await page.locator('#chat-log > li[data-role="assistant"]').count()).toBe(2),
  );
  await stop.click();
  const stopped = page.locator('#chat-log > li[data-role="assistant"]').nth(1);
  await eventually(async () => expect(await stopped.getAttribute('data-incomplete')).toBe('true'));
  expect(await stopped.innerText()).toContain('Incomplete reply');
  await eventually(async () => expect(await stop.isHidden()).toBe(true));
  expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
  await page.reload();
  await expectAssistantCount(page, 2);
  const kept = page.locator('#chat-log > li[data-role="assistant"]').nth(1);
  await eventually(async () => expect(await kept.getAttribute('data-incomplete')).toBe('true'));
  expect(await kept.innerText()).toContain('Incomplete reply');

  // A reply that fails part-way (a stubbed answer): the part shows as incomplete, the reason and a
  // retry next to the message, and the conversation goes on.
  const conversationId = new URL(page.url()).searchParams.get('id') ?? '';
  await page.route(
    '**/api/chat/stream',
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/x-ndjson',
        body: [
          { type: 'start', conversationId, provider: 'local' },
          { type: 'delta', text: 'Pack a ' },
          { type: 'delta', text: 'rain shell' },
          {
            type: 'error',
            message: 'RangerAI could not answer that; your message is saved, try again',
            incomplete: true,
            conversationId,
            reply: {
              role: 'assistant',
              text: 'Pack a rain shell',
              createdAt: new Date().toISOString(),
              incomplete: true,
            },
          },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n')
          .concat('\n'),
      }),
    { times: 1 },
  );
  await composer.fill('Rain gear?');
  await composer.press('Enter');
  await expectAssistantCount(page, 3);
  const partial = page.locator('#chat-log > li[data-role="assistant"]').nth(2);
  await eventually(async () => expect(await partial.getAttribute('data-incomplete')).toBe('true'));
  expect(await partial.locator('.bubble-text').textContent()).toBe('Pack a rain shell');
  const problem = page.locator('#chat-log > li.has-problem');
  expect(await problem.locator('.message-problem').innerText()).toContain('could not answer');
  await problem.getByRole('button', { name: 'Try again' }).click();
  await expectAssistantCount(page, 4);
  expect(await page.locator('#chat-log > li.has-problem').count()).toBe(0);
  await expectNoUndefined(page);
  await screenshots(page, 'chat-streamed');

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
