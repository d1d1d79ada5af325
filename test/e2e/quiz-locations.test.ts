/**
 * The park quiz and saved locations in a real browser against the whole product in local mode:
 * answer the quiz, follow the park it gives, keep and delete results without a reload; save a
 * location by typed coordinates and by "Use my location", see its nearest park and distance,
 * edit and delete it; the server's field errors and the per-user cap on the form.
 *
 * Needs `npm run build:web` first. Screenshots (desktop and 375 px wide) go to
 * $E2E_SCREENSHOT_DIR, or a fresh temporary directory.
 */
import type { Page } from 'playwright-core';
import { parkCatalog } from '../../lambdas/shared/park-catalog';
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

/** Great-circle distance on a sphere of radius 6371 km. */
function haversineKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function park(id: string): (typeof parkCatalog)[number] {
  const found = parkCatalog.find((p) => p.id === id);
  if (!found) throw new Error(`no park ${id} in the catalog`);
  return found;
}

/** Picks one option per question, by position (clamped to the question's last option). */
async function answerAll(page: Page, optionIndex: number): Promise<void> {
  const questions = page.locator('#quiz-questions fieldset');
  const count = await questions.count();
  for (let i = 0; i < count; i += 1) {
    const radios = questions.nth(i).getByRole('radio');
    await radios.nth(Math.min(optionIndex, (await radios.count()) - 1)).check();
  }
}

test('take the quiz, follow the park, keep and delete results', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  const username = `quizzer_${Date.now().toString(36)}`;
  const password = 'correct horse battery';

  // Signed out: the questions, and a sign-in prompt instead of the submit button.
  await page.goto(`${e2e.url}/quiz.html`);
  const questions = page.locator('#quiz-questions fieldset');
  await eventually(async () => expect(await questions.count()).toBeGreaterThanOrEqual(7));
  for (let i = 0; i < (await questions.count()); i += 1) {
    // Every question is a named group of radios (fieldset + legend).
    expect(await questions.nth(i).locator('legend').innerText()).not.toBe('');
    expect(await questions.nth(i).getByRole('radio').count()).toBeGreaterThanOrEqual(2);
  }
  expect(await page.locator('#quiz-signin').isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: 'See my park' }).isHidden()).toBe(true);
  expect(await page.locator('#quiz-history').isHidden()).toBe(true);
  await expectNoUndefined(page);
  await screenshots(page, 'quiz-signed-out');

  // Choices made before signing in are still there after.
  await questions.first().getByRole('radio').nth(1).check();
  await page.getByRole('link', { name: 'Sign in or create an account' }).click();
  await page.waitForURL(/\?next=%2Fquiz\.html$/);
  await signUpWithForm(page, username, password, '**/quiz.html');
  await eventually(async () => expect(await questions.count()).toBeGreaterThanOrEqual(7));
  expect(await questions.first().getByRole('radio').nth(1).isChecked()).toBe(true);
  await eventually(async () => expect(await page.locator('#history-empty').isVisible()).toBe(true));

  // Unanswered questions are pointed out, and the focus goes to the first.
  const submit = page.getByRole('button', { name: 'See my park' });
  await submit.click();
  await eventually(async () =>
    expect(await readText(page, '#quiz-form-status')).toMatch(/have no answer yet/),
  );
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q-1');
  expect(await questions.nth(1).getByText('Choose one answer.').isVisible()).toBe(true);

  // Answer everything (the keyboard works in each group) and see the park.
  await answerAll(page, 0);
  await questions.nth(0).getByRole('radio').first().focus();
  await page.keyboard.press('ArrowDown');
  expect(await questions.nth(0).getByRole('radio').nth(1).isChecked()).toBe(true);
  await markDocument(page);
  await submit.click();
  const result = page.locator('#quiz-result');
  await eventually(async () => expect(await result.isVisible()).toBe(true));
  const firstLink = result.getByRole('heading').getByRole('link');
  const firstPark = await firstLink.innerText();
  const firstHref = (await firstLink.getAttribute('href')) ?? '';
  const firstId = new URLSearchParams(firstHref.split('?')[1]).get('id') ?? '';
  expect(park(firstId).name).toBe(firstPark);
  expect(firstHref).toBe(`/park.html?id=${encodeURIComponent(firstId)}`);
  await eventually(async () =>
    expect(await readText(page, '#result-details')).toContain(park(firstId).biome),
  );
  const history = page.locator('#history-list > li');
  await eventually(async () => expect(await history.count()).toBe(1));
  expect(await history.first().getByRole('link').innerText()).toBe(firstPark);
  await expectNoUndefined(page);
  await screenshots(page, 'quiz-result');

  // Again, with other answers: the newest result comes first.
  await page.getByRole('button', { name: 'Take the quiz again' }).click();
  expect(await questions.first().getByRole('radio').first().isChecked()).toBe(false);
  await answerAll(page, 2);
  await submit.click();
  await eventually(async () => expect(await history.count()).toBe(2));
  const secondPark = await result.getByRole('heading').getByRole('link').innerText();
  expect(await history.first().getByRole('link').innerText()).toBe(secondPark);
  expect(await history.nth(1).getByRole('link').innerText()).toBe(firstPark);

  // Delete the older one, without a reload.
  await history
    .nth(1)
    .getByRole('button', { name: /^Delete result/ })
    .click();
  await page
    .getByRole('dialog', { name: 'Delete this result?' })
    .getByRole('button', { name: 'Delete result' })
    .click();
  await eventually(async () => expect(await history.count()).toBe(1));
  expect(await readText(page, '#history-status')).toBe(`Deleted your ${firstPark} result.`);
  expect(await history.first().getByRole('link').innerText()).toBe(secondPark);
  await expectSameDocument(page);
  expect(page.url()).toBe(`${e2e.url}/quiz.html`);

  // The result's park link leads to the park page.
  await result.getByRole('link', { name: 'Visit the park page' }).click();
  await page.waitForURL(`**/park.html?id=${encodeURIComponent(parkNamed(secondPark).id)}`);
  await eventually(async () => expect(await readText(page, '#park-name')).toBe(secondPark));

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

function parkNamed(name: string): (typeof parkCatalog)[number] {
  const found = parkCatalog.find((p) => p.name === name);
  if (!found) throw new Error(`no park named ${name}`);
  return found;
}

test('a long quiz history loads more', async () => {
  const client = apiClient(e2e.url);
  const user = await client.newUser('hist');
  const quiz = await client.call<{ questions: { id: string; options: { id: string }[] }[] }>(
    'GET',
    '/api/quiz',
  );
  const answers = Object.fromEntries(quiz.body.questions.map((q) => [q.id, q.options[0].id]));
  for (let i = 0; i < 22; i += 1) {
    const posted = await client.call('POST', '/api/quiz/results', { token: user.token, body: { answers } });
    expect(posted.status).toBe(201);
  }
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  await page.goto(`${e2e.url}/?next=%2Fquiz.html`);
  const signIn = page.locator('#signin-form');
  await signIn.getByLabel('Username').fill(user.username);
  await signIn.getByLabel('Password').fill(user.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/quiz.html');
  const history = page.locator('#history-list > li');
  await eventually(async () => expect(await history.count()).toBe(20));
  await page.getByRole('button', { name: 'Load more results' }).click();
  await eventually(async () => expect(await history.count()).toBe(22));
  expect(await page.getByRole('button', { name: 'Load more results' }).isHidden()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

test('save locations, see the nearest park, edit and delete them', async () => {
  const here = { latitude: 36.0579, longitude: -112.1431 }; // Mather Point, Grand Canyon
  const context = await e2e.browser.newContext({
    viewport: DESKTOP,
    permissions: ['geolocation'],
    geolocation: here,
  });
  const { page, errors, dialogs } = await openPage(context);

  // Signed out, the page asks for sign-in and comes back.
  await page.goto(`${e2e.url}/locations.html`);
  await page.waitForURL(/\?next=%2Flocations\.html$/);
  await signUpWithForm(
    page,
    `hiker_${Date.now().toString(36)}`,
    'correct horse battery',
    '**/locations.html',
  );
  await eventually(async () => expect(await page.locator('#locations-empty').isVisible()).toBe(true));
  const form = page.locator('form.location-form').first();
  // The park choices come from the catalog.
  await eventually(async () =>
    expect(await form.getByLabel('Park').locator('option').count()).toBe(parkCatalog.length + 1),
  );

  // The page's own checks first.
  await form.getByRole('button', { name: 'Save location' }).click();
  await eventually(async () => expect(await form.getByText('Enter a name.').isVisible()).toBe(true));
  expect(await form.getByText('Enter the latitude.').isVisible()).toBe(true);
  expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
  await form.getByLabel('Latitude').fill('95');
  await form.getByLabel('Longitude').fill('east');
  await form.getByRole('button', { name: 'Save location' }).click();
  await eventually(async () =>
    expect(await form.getByText('The latitude must be between -90 and 90.').isVisible()).toBe(true),
  );
  expect(await form.getByText(/Enter the longitude as a decimal number/).isVisible()).toBe(true);

  // The server's own field errors land under their field (a tab is a control character).
  const spot = park('redwood');
  const camp = { latitude: 41.3809, longitude: -124.0825 }; // Gold Bluffs Beach
  await form.getByLabel('Name').fill('Gold\tBluffs');
  await form.getByLabel('Latitude').fill(String(camp.latitude));
  await form.getByLabel('Longitude').fill(String(camp.longitude));
  await form.getByRole('button', { name: 'Save location' }).click();
  await eventually(async () =>
    expect(await readText(page, 'form.location-form [data-error-for="name"]')).toMatch(/control characters/),
  );
  expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  expect(await readText(page, 'form.location-form .status')).toBe('Please fix the field marked below.');

  // Typed coordinates, a park and a note.
  await form.getByLabel('Name').fill('Gold Bluffs Beach camp');
  await form.getByLabel('Park').selectOption('redwood');
  await form.getByLabel('Note').fill('Elk on the beach! <b>bold?</b>');
  await form.getByRole('button', { name: 'Save location' }).click();
  const items = page.locator('#locations-list > li');
  await eventually(async () => expect(await items.count()).toBe(1));
  const first = items.first();
  const expectedKm = haversineKm(camp, spot);
  const nearestText = await first.locator('.location-nearest').innerText();
  expect(nearestText).toMatch(/^Nearest park: Redwood — [\d.]+ km$/);
  expect(Number(/([\d.]+) km/.exec(nearestText)?.[1])).toBeCloseTo(expectedKm, 0);
  expect(await first.locator('.location-park').innerText()).toBe('Park: Redwood');
  expect(await first.getByText('Elk on the beach! <b>bold?</b>').isVisible()).toBe(true);
  expect(await first.locator('b').count()).toBe(0);
  expect(await first.getByRole('link', { name: 'Redwood' }).first().getAttribute('href')).toBe(
    '/park.html?id=redwood',
  );
  expect(await form.getByLabel('Name').inputValue()).toBe('');
  expect(await readText(page, 'form.location-form .status')).toMatch(
    /^Saved “Gold Bluffs Beach camp”\. Nearest park: Redwood/,
  );

  // "Use my location" fills the coordinates from the browser.
  await markDocument(page);
  await form.getByRole('button', { name: 'Use my location' }).click();
  await eventually(async () =>
    expect(Number(await form.getByLabel('Latitude').inputValue())).toBeCloseTo(here.latitude, 4),
  );
  expect(Number(await form.getByLabel('Longitude').inputValue())).toBeCloseTo(here.longitude, 4);
  await form.getByLabel('Name').fill('Mather Point');
  await form.getByLabel('Name').press('Enter');
  await eventually(async () => expect(await items.count()).toBe(2));
  const mather = items.first();
  expect(await mather.getByRole('heading').innerText()).toBe('Mather Point');
  const matherKm = Number(/([\d.]+) km/.exec(await mather.locator('.location-nearest').innerText())?.[1]);
  expect(await mather.locator('.location-nearest').innerText()).toContain('Grand Canyon');
  expect(matherKm).toBeCloseTo(haversineKm(here, park('grand-canyon')), 0);
  expect(await mather.locator('.location-park').count()).toBe(0);
  await expectNoUndefined(page);
  await screenshots(page, 'locations');

  // Edit in place: rename, drop the park, clear the note, move it.
  const camp2 = items.nth(1);
  await camp2.getByRole('button', { name: 'Edit Gold Bluffs Beach camp' }).click();
  const edit = camp2.getByRole('form', { name: 'Edit Gold Bluffs Beach camp' });
  expect(await edit.getByLabel('Name').inputValue()).toBe('Gold Bluffs Beach camp');
  expect(await edit.getByLabel('Park').inputValue()).toBe('redwood');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
  await edit.getByLabel('Name').fill('Prairie Creek');
  await edit.getByLabel('Park').selectOption('');
  await edit.getByLabel('Note').fill('');
  await edit.getByLabel('Latitude').fill('41.4017');
  await edit.getByLabel('Longitude').fill('-124.0417');
  await screenshots(page, 'locations-edit');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await eventually(async () => expect(await camp2.getByRole('heading').innerText()).toBe('Prairie Creek'));
  expect(await camp2.locator('.location-park').count()).toBe(0);
  expect(await camp2.locator('.item-body').count()).toBe(0);
  expect(await camp2.locator('.location-nearest').innerText()).toContain('Redwood');
  expect(await camp2.innerText()).toContain('edited');
  expect(await readText(page, '#locations-status')).toBe('Saved changes to “Prairie Creek”.');
  // The edit survives a reload (it was saved, not just drawn).
  await page.reload();
  await eventually(async () => expect(await items.count()).toBe(2));
  expect(await items.nth(1).getByRole('heading').innerText()).toBe('Prairie Creek');
  expect(await items.nth(1).locator('.location-park').count()).toBe(0);

  // Cancel leaves it as it was; Delete asks first.
  await markDocument(page);
  await items.first().getByRole('button', { name: 'Edit Mather Point' }).click();
  await items.first().getByRole('button', { name: 'Cancel' }).click();
  expect(await items.first().getByRole('heading').innerText()).toBe('Mather Point');
  await items.first().getByRole('button', { name: 'Delete Mather Point' }).click();
  await page
    .getByRole('dialog', { name: 'Delete “Mather Point”?' })
    .getByRole('button', { name: 'Delete location' })
    .click();
  await eventually(async () => expect(await items.count()).toBe(1));
  expect(await readText(page, '#locations-status')).toBe('Deleted “Mather Point”.');
  await items.first().getByRole('button', { name: 'Delete Prairie Creek' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete location' }).click();
  await eventually(async () => expect(await page.locator('#locations-empty').isVisible()).toBe(true));
  await expectSameDocument(page);

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('the per-user cap on saved locations is explained on the form', async () => {
  const client = apiClient(e2e.url);
  const user = await client.newUser('full');
  // Fill the account up to its cap through the API, ten at a time.
  let created = 0;
  for (let batch = 0; created < 1000; batch += 1) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.call('POST', '/api/locations', {
          token: user.token,
          body: { name: `Spot ${batch * 10 + i}`, latitude: 40, longitude: -105 },
        }),
      ),
    );
    created += answers.filter((a) => a.status === 201).length;
    if (answers.some((a) => a.status === 409)) break;
    for (const a of answers) expect(a.status).toBe(201);
  }

  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors } = await openPage(context);
  await page.goto(`${e2e.url}/?next=%2Flocations.html`);
  const signIn = page.locator('#signin-form');
  await signIn.getByLabel('Username').fill(user.username);
  await signIn.getByLabel('Password').fill(user.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/locations.html');
  const items = page.locator('#locations-list > li');
  await eventually(async () => expect(await items.count()).toBe(Math.min(20, created)));

  const form = page.locator('form.location-form').first();
  await form.getByLabel('Name').fill('One too many');
  await form.getByLabel('Latitude').fill('40.1');
  await form.getByLabel('Longitude').fill('-105.1');
  await form.getByRole('button', { name: 'Save location' }).click();
  await eventually(async () =>
    expect(await readText(page, 'form.location-form .status')).toMatch(
      /Delete a location you no longer need to make room\.$/,
    ),
  );
  expect(await page.locator('form.location-form .status').getAttribute('data-tone')).toBe('error');
  expect(await items.count()).toBe(Math.min(20, created));
  await expectNoUndefined(page);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
