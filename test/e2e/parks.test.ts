/**
 * The parks community in a real browser against the whole product in local mode: the catalog,
 * a park page, a review written with the keyboard star widget (and its effect on the rating,
 * the histogram and the list), posts with edit and delete, stored-XSS attempts shown as text,
 * "Load more", and an unknown park.
 *
 * Needs `npm run build:web` first. Screenshots (desktop and 375 px wide) go to
 * $E2E_SCREENSHOT_DIR, or a fresh temporary directory.
 */
import type { Page } from 'playwright-core';
import { apiClient } from '../support/api';
import {
  countColorPixels,
  DESKTOP,
  eventually,
  expectNoUndefined,
  markDocument,
  expectSameDocument,
  openPage,
  readText,
  useLocalModeAndBrowser,
  signUpWithForm,
} from './helpers';

/** HISTOGRAM_COLOR in web/src/park/histogram.ts. */
const HISTOGRAM_COLOR = '#d97706';
const XSS = '<img src=x onerror=alert(1)>';
const XSS_TITLE = '<script>alert("t")</script>';

const e2e = useLocalModeAndBrowser();
const { screenshots } = e2e;

/** The histogram as the page states it for screen readers: reviews per star, 1..5. */
async function histogramRows(page: Page): Promise<number[]> {
  const cells = await page.locator('#histogram-rows td').allTextContents();
  return cells.map((c) => Number(c.replace(/[^0-9]/g, '')));
}

async function expectRating(page: Page, average: string, count: string, histogram: number[]): Promise<void> {
  await eventually(async () => {
    expect(await readText(page, '#rating-average')).toBe(average);
    expect(await readText(page, '#rating-count')).toBe(count);
    expect(await histogramRows(page)).toEqual(histogram);
  });
}

test('browse parks, review one with the keyboard, and discuss it', async () => {
  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  const username = `Ranger_${Date.now().toString(36)}`;
  const password = 'correct horse battery';

  // The catalog, public: every park with its rating; search narrows it.
  await page.goto(`${e2e.url}/parks.html`);
  await eventually(async () => expect(await page.locator('.park-card').count()).toBeGreaterThanOrEqual(12));
  for (const name of ['Denali', 'Grand Canyon', 'Redwood', 'Buck Island Reef']) {
    expect(await page.locator('.park-card').getByRole('link', { name, exact: true }).count()).toBe(1);
  }
  const redwoodCard = page.locator('.park-card[data-park-id="redwood"]');
  expect(await redwoodCard.innerText()).toContain('No reviews yet');
  expect(await redwoodCard.innerText()).toContain('CA');
  await page.getByLabel('Search').fill('canyon');
  await eventually(async () => expect(await page.locator('.park-card').count()).toBe(2));
  expect(await readText(page, '#parks-status')).toMatch(/2 parks of \d+ match/);
  await page.getByLabel('Search').fill('');
  await expectNoUndefined(page);
  await screenshots(page, 'parks');

  // The park page, signed out: everything to read, and a way to sign in that comes back here.
  await redwoodCard.getByRole('link', { name: 'Redwood' }).click();
  await page.waitForURL('**/park.html?id=redwood');
  await eventually(async () => expect(await readText(page, '#park-name')).toBe('Redwood'));
  expect(await readText(page, '#park-coordinates')).toBe('41.2132° N, 124.0046° W');
  expect(await readText(page, '#rating-count')).toBe('No reviews yet');
  await eventually(async () => expect(await page.locator('#reviews-empty').isVisible()).toBe(true));
  expect(await page.locator('#review-form').isHidden()).toBe(true);
  expect(
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Parks' })
      .getAttribute('aria-current'),
  ).toBe('true');
  await page.locator('#review-signin').getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL(/\/\?next=%2Fpark\.html%3Fid%3Dredwood$/);
  await signUpWithForm(page, username, password, '**/park.html?id=redwood');

  // Your review: the stars are a radio group the keyboard drives.
  const form = page.locator('#review-form');
  await eventually(async () => expect(await form.isVisible()).toBe(true));
  expect(await form.getByRole('group', { name: 'Your rating' }).count()).toBe(1);
  for (const n of [1, 2, 3, 4, 5]) {
    expect(
      await form.getByRole('radio', { name: n === 1 ? '1 star' : `${n} stars`, exact: true }).count(),
    ).toBe(1);
  }
  // Saving without stars is refused in the page.
  await form.getByRole('button', { name: 'Publish review' }).click();
  await eventually(async () =>
    expect(await readText(page, '[data-error-for="stars"]')).toMatch(/Choose a rating/),
  );

  await form.getByRole('radio', { name: '1 star', exact: true }).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  const four = form.getByRole('radio', { name: '4 stars' });
  expect(await four.isChecked()).toBe(true);
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('4');
  // The focus is visible on the star the keyboard is on.
  expect(
    await page.evaluate(() => {
      const label = document.querySelector(`label[for="${document.activeElement?.id}"]`);
      return label ? getComputedStyle(label).outlineStyle : 'none';
    }),
  ).toBe('solid');
  await form.getByLabel('Title').fill(XSS_TITLE);
  await form.getByLabel('Review').fill(XSS);
  await form.getByRole('button', { name: 'Publish review' }).click();
  await eventually(async () =>
    expect(await readText(page, '#review-status')).toBe('Thanks — your review is published.'),
  );

  // The summary, the histogram and the list all follow.
  await expectRating(page, '4.0', 'out of 5 · 1 review', [0, 0, 0, 1, 0]);
  await eventually(async () =>
    expect(await countColorPixels(page, 'histogram-chart', HISTOGRAM_COLOR)).toBeGreaterThan(100),
  );
  const reviewItem = page.locator('#reviews-list > li');
  await eventually(async () => expect(await reviewItem.count()).toBe(1));
  expect(await reviewItem.getByRole('img', { name: 'Rated 4.0 out of 5' }).count()).toBe(1);
  expect(await readText(page, '#reviews-list .item-author')).toBe(username.toLowerCase());

  // The markup someone typed is shown as the text it is: no element, no script, no dialog.
  expect(await page.getByText(XSS, { exact: true }).isVisible()).toBe(true);
  expect(await page.getByText(XSS_TITLE, { exact: true }).isVisible()).toBe(true);
  expect(await page.locator('#reviews-list img, #reviews-list script').count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  // Change the rating with the keyboard, and save with Enter from the title.
  await form.getByRole('button', { name: 'Update review' }).waitFor();
  await four.focus();
  await page.keyboard.press('ArrowRight');
  expect(await form.getByRole('radio', { name: '5 stars' }).isChecked()).toBe(true);
  await form.getByLabel('Title').fill('Giants in the fog');
  await form.getByLabel('Title').press('Enter');
  await eventually(async () =>
    expect(await readText(page, '#review-status')).toBe('Your review is updated.'),
  );
  await expectRating(page, '5.0', 'out of 5 · 1 review', [0, 0, 0, 0, 1]);
  await eventually(async () =>
    expect(await readText(page, '#reviews-list .item-title')).toBe('Giants in the fog'),
  );
  await expectNoUndefined(page);

  // Delete it, after saying yes in the confirmation (which Escape cancels).
  await form.getByRole('button', { name: 'Delete review' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete your review?' });
  await confirm.waitFor();
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  expect(await reviewItem.count()).toBe(1);
  await form.getByRole('button', { name: 'Delete review' }).click();
  await confirm.getByRole('button', { name: 'Delete review' }).click();
  await eventually(async () =>
    expect(await readText(page, '#review-status')).toBe('Your review was deleted.'),
  );
  await expectRating(page, '—', 'No reviews yet', [0, 0, 0, 0, 0]);
  await eventually(async () => expect(await page.locator('#reviews-empty').isVisible()).toBe(true));
  expect(await form.getByRole('button', { name: 'Delete review' }).isHidden()).toBe(true);
  expect(await form.getByRole('button', { name: 'Publish review' }).isVisible()).toBe(true);

  // Review again so the catalog has something to show.
  await form.getByRole('radio', { name: '1 star', exact: true }).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  await form.getByLabel('Title').fill('Tall trees');
  await form.getByLabel('Review').fill(XSS);
  await form.getByRole('button', { name: 'Publish review' }).click();
  await expectRating(page, '4.0', 'out of 5 · 1 review', [0, 0, 0, 1, 0]);

  // Posts: write, edit, delete your own.
  const postForm = page.locator('#post-form');
  await postForm.getByRole('button', { name: 'Post' }).click();
  await eventually(async () => expect(await readText(page, '#post-title-error')).toMatch(/Enter a title/));
  await postForm.getByLabel('Title').fill('Best campsite?');
  await postForm.getByLabel('Message').fill(`Jedediah Smith or Gold Bluffs? ${XSS}`);
  await postForm.getByRole('button', { name: 'Post' }).click();
  const posts = page.locator('#posts-list > li');
  await eventually(async () => expect(await posts.count()).toBe(1));
  expect(await readText(page, '#post-status')).toBe('Your post is up.');
  expect(await postForm.getByLabel('Title').inputValue()).toBe('');
  const post = posts.first();
  expect(await post.getByRole('heading', { name: 'Best campsite?' }).count()).toBe(1);
  expect(await post.getByText(`Jedediah Smith or Gold Bluffs? ${XSS}`).isVisible()).toBe(true);
  expect(await post.locator('img').count()).toBe(0);

  await post.getByRole('button', { name: 'Edit post' }).click();
  const editForm = post.getByRole('form', { name: 'Edit post' });
  await editForm.getByLabel('Title').fill('');
  await editForm.getByRole('button', { name: 'Save post' }).click();
  await eventually(async () => expect(await editForm.getByText('Enter a title.').isVisible()).toBe(true));
  await editForm.getByLabel('Title').fill('Best campsite near the coast?');
  await editForm.getByRole('button', { name: 'Save post' }).click();
  await eventually(async () =>
    expect(await post.getByRole('heading', { name: 'Best campsite near the coast?' }).count()).toBe(1),
  );
  expect(await post.innerText()).toContain('edited');
  // The focus returns to the post's Edit button.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Edit post');

  await postForm.getByLabel('Title').fill('Fog in July');
  await postForm.getByLabel('Message').fill('Bring a warm layer, even in summer.');
  await postForm.getByRole('button', { name: 'Post' }).click();
  await eventually(async () => expect(await posts.count()).toBe(2));
  // Newest first.
  expect(await posts.nth(0).getByRole('heading').innerText()).toBe('Fog in July');

  await posts.nth(0).getByRole('button', { name: 'Delete post' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this post?' })
    .getByRole('button', { name: 'Delete post' })
    .click();
  await eventually(async () => expect(await posts.count()).toBe(1));
  expect(await readText(page, '#posts-status')).toBe('Post deleted.');
  expect(await posts.first().getByRole('heading').innerText()).toBe('Best campsite near the coast?');
  await expectNoUndefined(page);
  await screenshots(page, 'park');

  // The catalog shows the new rating.
  await page.getByRole('link', { name: '← All parks' }).click();
  await page.waitForURL('**/parks.html');
  await eventually(async () => expect(await redwoodCard.innerText()).toMatch(/4\.0\s*\(1 review\)/));
  await page.getByLabel('Sort by').selectOption('rating');
  expect(await page.locator('.park-card').first().getAttribute('data-park-id')).toBe('redwood');
  await page.waitForURL('**/parks.html?sort=rating');

  // Someone else sees the post but cannot edit or delete it; the review is theirs to read only.
  const other = await e2e.browser.newContext({ viewport: DESKTOP });
  const second = await openPage(other);
  await second.page.goto(`${e2e.url}/`);
  await signUpWithForm(second.page, `camper_${Date.now().toString(36)}`, password, '**/clicks.html');
  await second.page.goto(`${e2e.url}/park.html?id=redwood`);
  const theirView = second.page.locator('#posts-list > li');
  await eventually(async () => expect(await theirView.count()).toBe(1));
  await eventually(async () => expect(await second.page.locator('#review-form').isVisible()).toBe(true));
  expect(await theirView.getByRole('button').count()).toBe(0);
  expect(await second.page.getByRole('button', { name: 'Delete review' }).isHidden()).toBe(true);
  expect(second.errors).toEqual([]);
  await other.close();

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('long lists load more, and an unknown park says so', async () => {
  // Seed through the API: 23 posts and 3 reviews on Denali.
  const client = apiClient(e2e.url);
  const author = await client.newUser('seed');
  for (let i = 1; i <= 23; i += 1) {
    const created = await client.call('POST', '/api/parks/denali/posts', {
      token: author.token,
      body: { title: `Trip report ${i}`, body: `Day ${i} on the park road.` },
    });
    expect(created.status).toBe(201);
  }
  for (const stars of [2, 5, 5]) {
    const reviewer = await client.newUser('seed');
    const put = await client.call('PUT', '/api/parks/denali/reviews/me', {
      token: reviewer.token,
      body: { stars },
    });
    expect(put.status).toBe(201);
  }

  const context = await e2e.browser.newContext({ viewport: DESKTOP });
  const { page, errors, dialogs } = await openPage(context);
  await page.goto(`${e2e.url}/park.html?id=denali`);
  await expectRating(page, '4.0', 'out of 5 · 3 reviews', [0, 1, 0, 0, 2]);
  const posts = page.locator('#posts-list > li');
  await eventually(async () => expect(await posts.count()).toBe(20));
  expect(await posts.first().getByRole('heading').innerText()).toBe('Trip report 23');
  await markDocument(page);
  await page.getByRole('button', { name: 'Load more posts' }).click();
  await eventually(async () => expect(await posts.count()).toBe(23));
  expect(await posts.last().getByRole('heading').innerText()).toBe('Trip report 1');
  expect(await page.getByRole('button', { name: 'Load more posts' }).isHidden()).toBe(true);
  expect(await readText(page, '#posts-status')).toBe('3 more posts loaded.');
  await expectSameDocument(page);
  // Signed out: no Edit buttons, and an invitation to sign in.
  expect(await posts.getByRole('button').count()).toBe(0);
  expect(await page.locator('#post-signin').isVisible()).toBe(true);
  await expectNoUndefined(page);

  // A park that does not exist, or no park at all.
  for (const query of ['?id=atlantis', '', '?id=%3Cimg%20src%3Dx%3E']) {
    await page.goto(`${e2e.url}/park.html${query}`);
    await eventually(async () =>
      expect(await page.getByRole('heading', { name: 'Park not found' }).isVisible()).toBe(true),
    );
    expect(await page.locator('#park-content').isHidden()).toBe(true);
    expect(await page.title()).toBe('Park not found — Cloud Clicker');
  }
  await screenshots(page, 'park-not-found');

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
