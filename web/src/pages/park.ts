/**
 * One park (`park.html?id=<parkId>`): about, rating summary and histogram, the reviews, your own
 * review with the star widget, and the discussion. Public to read; writing needs a session.
 */
import { ApiError, messageOf } from '../api';
import { confirmAction } from '../confirm';
import { byId, setText, showStatus } from '../dom';
import {
  deleteMyReview,
  getMyReview,
  getPark,
  getParkAnalytics,
  listReviews,
  REVIEW_BODY_MAX,
  REVIEW_TITLE_MAX,
  saveMyReview,
  type Park,
  type ParkAnalytics,
  type Review,
} from '../endpoints/parks';
import { formatAverage, formatCoordinates, plural } from '../format';
import { FormView } from '../forms';
import { herePath, signInUrl } from '../links';
import { sameUser, signedInUsername } from '../me';
import { startPage } from '../page';
import { PagedList } from '../paged-list';
import { RatingHistogram } from '../park/histogram';
import { renderReview } from '../park/items';
import { PostsSection } from '../park/posts';
import { currentSession } from '../session';
import { StarInput, starsDisplay } from '../stars';

startPage('park');

const parkId = new URLSearchParams(window.location.search).get('id')?.trim() ?? '';
const pageStatus = byId('park-status', HTMLElement);
const retry = byId('park-retry', HTMLButtonElement);

/** The signed-in username as the server knows it; the stored one until /api/me answers. */
let me: string | null = currentSession()?.username || null;

function showMissing(): void {
  showStatus(pageStatus, '');
  byId('park-missing', HTMLElement).hidden = false;
  byId('park-content', HTMLElement).hidden = true;
  document.title = 'Park not found — Cloud Clicker';
}

function showPark(park: Park): void {
  document.title = `${park.name} — Cloud Clicker`;
  setText(byId('park-name', HTMLElement), park.name);
  setText(byId('park-state', HTMLElement), park.state);
  setText(byId('park-biome', HTMLElement), park.biome);
  setText(byId('park-biome-fact', HTMLElement), park.biome);
  setText(byId('park-description', HTMLElement), park.description);
  setText(byId('park-coordinates', HTMLElement), formatCoordinates(park.latitude, park.longitude));
  byId('park-content', HTMLElement).hidden = false;
  byId('park-missing', HTMLElement).hidden = true;
}

/* Rating summary and histogram */

const histogram = new RatingHistogram(
  byId('histogram-chart', HTMLCanvasElement),
  byId('histogram-rows', HTMLTableSectionElement),
);

function showRating(analytics: Pick<ParkAnalytics, 'average' | 'count'>): void {
  const none = analytics.count === 0;
  setText(byId('rating-average', HTMLElement), none ? '—' : formatAverage(analytics.average));
  byId('rating-stars', HTMLElement).replaceChildren(starsDisplay(none ? null : analytics.average, 'large'));
  setText(
    byId('rating-count', HTMLElement),
    none ? 'No reviews yet' : `out of 5 · ${plural(analytics.count, 'review')}`,
  );
}

async function refreshAnalytics(): Promise<void> {
  try {
    const analytics = await getParkAnalytics(parkId);
    showRating(analytics);
    histogram.show(analytics);
  } catch (err) {
    showStatus(pageStatus, `Couldn't load the rating. ${messageOf(err)}`, 'warning');
  }
}

/* Reviews */

const reviews = new PagedList<Review>({
  list: byId('reviews-list', HTMLOListElement),
  moreButton: byId('reviews-more', HTMLButtonElement),
  status: byId('reviews-status', HTMLElement),
  empty: byId('reviews-empty', HTMLElement),
  noun: ['review', 'reviews'],
  fetchPage: (cursor, signal) => listReviews(parkId, cursor, signal),
  keyOf: (review) => review.author.toLowerCase(),
  render: (review) => renderReview(review, me !== null && sameUser(review.author, me)),
});

/* Your review */

const reviewForm = byId('review-form', HTMLFormElement);
const stars = new StarInput('stars', 'Your rating');
byId('review-stars', HTMLElement).replaceWith(stars.fieldset);
const review = new FormView(reviewForm, byId('review-status', HTMLElement));
const saveButton = byId('review-save', HTMLButtonElement);
const deleteButton = byId('review-delete', HTMLButtonElement);

function fillReviewForm(mine: Review | null): void {
  stars.value = mine?.stars ?? 0;
  review.input('title').value = mine?.title ?? '';
  byId('review-body', HTMLTextAreaElement).value = mine?.body ?? '';
  setText(saveButton, mine ? 'Update review' : 'Publish review');
  deleteButton.hidden = mine === null;
}

function checkReview(): boolean {
  const title = review.value('title').trim();
  const body = review.value('body').trim();
  return [
    review.setFieldError('stars', stars.value === 0 ? 'Choose a rating from 1 to 5 stars.' : null),
    review.setFieldError(
      'title',
      title.length > REVIEW_TITLE_MAX ? `Use at most ${REVIEW_TITLE_MAX} characters.` : null,
    ),
    review.setFieldError(
      'body',
      body.length > REVIEW_BODY_MAX ? `Use at most ${REVIEW_BODY_MAX} characters.` : null,
    ),
  ].every(Boolean);
}

/** After any change to a review: the summary, the histogram and the list all move together. */
async function afterReviewChange(): Promise<void> {
  await Promise.all([refreshAnalytics(), reviews.reload()]);
}

reviewForm.addEventListener('submit', (event) => {
  event.preventDefault();
  review.clearErrors();
  if (!checkReview()) {
    review.focusFirstInvalid();
    return;
  }
  review.setBusy(true);
  stars.setDisabled(true);
  review.setStatus('Saving your review…');
  saveMyReview(parkId, {
    stars: stars.value,
    title: review.value('title').trim(),
    body: review.value('body').trim(),
  }).then(
    async ({ review: saved, created }) => {
      fillReviewForm(saved);
      await afterReviewChange();
      review.setBusy(false);
      stars.setDisabled(false);
      review.setStatus(created ? 'Thanks — your review is published.' : 'Your review is updated.', 'success');
    },
    (err: unknown) => {
      review.setBusy(false);
      stars.setDisabled(false);
      review.showFailure(err);
    },
  );
});

deleteButton.addEventListener('click', () => {
  void (async () => {
    const ok = await confirmAction({
      title: 'Delete your review?',
      message: 'Your rating and review of this park will be removed. This can’t be undone.',
      confirmLabel: 'Delete review',
    });
    if (!ok) return;
    review.clearErrors();
    review.setBusy(true);
    review.setStatus('Deleting your review…');
    try {
      const existed = await deleteMyReview(parkId);
      fillReviewForm(null);
      await afterReviewChange();
      review.setStatus(existed ? 'Your review was deleted.' : 'You had no review here any more.', 'success');
      stars.focus();
    } catch (err) {
      review.showFailure(err);
    } finally {
      review.setBusy(false);
    }
  })();
});

/* Posts */

const posts = new PostsSection(
  parkId,
  {
    list: byId('posts-list', HTMLOListElement),
    more: byId('posts-more', HTMLButtonElement),
    status: byId('posts-status', HTMLElement),
    empty: byId('posts-empty', HTMLElement),
    heading: byId('posts-title', HTMLElement),
  },
  () => me,
);

/* Start */

function showSignedInParts(): void {
  const signedIn = currentSession() !== null;
  const signIn = signInUrl({ next: herePath() });
  byId('review-signin-link', HTMLAnchorElement).href = signIn;
  byId('post-signin-link', HTMLAnchorElement).href = signIn;
  byId('review-signin', HTMLElement).hidden = signedIn;
  byId('post-signin', HTMLElement).hidden = signedIn;
  reviewForm.hidden = !signedIn;
  byId('post-form', HTMLFormElement).hidden = !signedIn;
}

async function loadMine(): Promise<void> {
  const [username, mine] = await Promise.all([signedInUsername(), getMyReview(parkId)]);
  fillReviewForm(mine);
  if (username !== null && username !== me) {
    me = username;
    posts.redraw();
    for (const item of reviews.items) reviews.replace(item);
  }
}

async function start(): Promise<void> {
  if (parkId === '') {
    showMissing();
    return;
  }
  retry.hidden = true;
  showStatus(pageStatus, 'Loading…');
  let park: Park | null;
  try {
    park = await getPark(parkId);
  } catch (err) {
    const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
    showStatus(pageStatus, `Couldn't load this park. ${reason}`, 'error');
    retry.hidden = false;
    return;
  }
  if (!park) {
    showMissing();
    return;
  }
  showStatus(pageStatus, '');
  showPark(park);
  showRating(park.rating);
  showSignedInParts();
  posts.attachForm(byId('post-form', HTMLFormElement), byId('post-status', HTMLElement));
  const work: Promise<unknown>[] = [refreshAnalytics(), reviews.reload(), posts.reload()];
  if (currentSession()) {
    work.push(
      loadMine().catch((err: unknown) =>
        review.setStatus(`Couldn't load your review. ${messageOf(err)}`, 'error'),
      ),
    );
  }
  await Promise.all(work);
}

retry.addEventListener('click', () => void start());
void start();
