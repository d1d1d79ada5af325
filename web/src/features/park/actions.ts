/**
 * One park (`park.html?id=<parkId>`): about, rating summary and histogram, the reviews, your own
 * review with the star widget, and the discussion. Public to read; writing needs a session.
 */
import { messageOf } from '../../api';
import { confirmAction } from '../../confirm';
import { byId, showStatus } from '../../dom';
import {
  deleteMyReview,
  getMyReview,
  getPark,
  getParkAnalytics,
  listReviews,
  saveMyReview,
  type Park,
  type Review,
} from '../../endpoints/parks';
import { sameUser, signedInUsername } from '../../me';
import { PagedList } from '../../paged-list';
import { currentSession } from '../../session';
import { RatingHistogram } from './histogram';
import { renderReview } from './items';
import { PostsSection } from './posts';
import { parkState, reviewProblems, type ParkState } from './state';
import {
  fillReviewForm,
  pageStatus,
  retryButton,
  reviewFormView,
  reviewInputOf,
  setReviewBusy,
  showLoadFailed,
  showLoading,
  showMissing,
  showPark,
  showRating,
  showSignedInParts,
  type ReviewFormView,
} from './view';

interface ParkPage {
  readonly state: ParkState;
  readonly histogram: RatingHistogram;
  readonly reviews: PagedList<Review>;
  readonly review: ReviewFormView;
  readonly posts: PostsSection;
}

async function refreshAnalytics(page: ParkPage): Promise<void> {
  try {
    const analytics = await getParkAnalytics(page.state.parkId);
    showRating(analytics);
    page.histogram.show(analytics);
  } catch (err) {
    showStatus(pageStatus(), `Couldn't load the rating. ${messageOf(err)}`, 'warning');
  }
}

/** After any change to a review: the summary, the histogram and the list all move together. */
async function afterReviewChange(page: ParkPage): Promise<void> {
  await Promise.all([refreshAnalytics(page), page.reviews.reload()]);
}

async function saveReview(page: ParkPage): Promise<void> {
  const { form } = page.review;
  form.clearErrors();
  const input = reviewInputOf(page.review);
  const ok = Object.entries(reviewProblems(input))
    .map(([field, problem]) => form.setFieldError(field, problem))
    .every(Boolean);
  if (!ok) return form.focusFirstInvalid();
  setReviewBusy(page.review, true);
  form.setStatus('Saving your review…');
  try {
    const { review: saved, created } = await saveMyReview(page.state.parkId, input);
    fillReviewForm(page.review, saved);
    await afterReviewChange(page);
    setReviewBusy(page.review, false);
    form.setStatus(created ? 'Thanks — your review is published.' : 'Your review is updated.', 'success');
  } catch (err) {
    setReviewBusy(page.review, false);
    form.showFailure(err);
  }
}

async function deleteReview(page: ParkPage): Promise<void> {
  const ok = await confirmAction({
    title: 'Delete your review?',
    message: 'Your rating and review of this park will be removed. This can’t be undone.',
    confirmLabel: 'Delete review',
  });
  if (!ok) return;
  const { form } = page.review;
  form.clearErrors();
  form.setBusy(true);
  form.setStatus('Deleting your review…');
  try {
    const existed = await deleteMyReview(page.state.parkId);
    fillReviewForm(page.review, null);
    await afterReviewChange(page);
    form.setStatus(existed ? 'Your review was deleted.' : 'You had no review here any more.', 'success');
    page.review.stars.focus();
  } catch (err) {
    form.showFailure(err);
  } finally {
    form.setBusy(false);
  }
}

async function loadMine(page: ParkPage): Promise<void> {
  const [username, mine] = await Promise.all([signedInUsername(), getMyReview(page.state.parkId)]);
  fillReviewForm(page.review, mine);
  if (username !== null && username !== page.state.me) {
    page.state.me = username;
    page.posts.redraw();
    for (const item of page.reviews.items) page.reviews.replace(item);
  }
}

function parkPage(state: ParkState): ParkPage {
  const reviews = new PagedList<Review>({
    list: byId('reviews-list', HTMLOListElement),
    moreButton: byId('reviews-more', HTMLButtonElement),
    status: byId('reviews-status', HTMLElement),
    empty: byId('reviews-empty', HTMLElement),
    noun: ['review', 'reviews'],
    fetchPage: (cursor, signal) => listReviews(state.parkId, cursor, signal),
    keyOf: (review) => review.author.toLowerCase(),
    render: (review) => renderReview(review, state.me !== null && sameUser(review.author, state.me)),
  });
  const posts = new PostsSection(
    state.parkId,
    {
      list: byId('posts-list', HTMLOListElement),
      more: byId('posts-more', HTMLButtonElement),
      status: byId('posts-status', HTMLElement),
      empty: byId('posts-empty', HTMLElement),
      heading: byId('posts-title', HTMLElement),
    },
    () => state.me,
  );
  const histogram = new RatingHistogram(
    byId('histogram-chart', HTMLCanvasElement),
    byId('histogram-rows', HTMLTableSectionElement),
  );
  return { state, histogram, reviews, review: reviewFormView(), posts };
}

async function showEverything(page: ParkPage, park: Park): Promise<void> {
  showPark(park);
  showRating(park.rating);
  showSignedInParts(currentSession() !== null);
  page.posts.attachForm(byId('post-form', HTMLFormElement), byId('post-status', HTMLElement));
  const work: Promise<unknown>[] = [refreshAnalytics(page), page.reviews.reload(), page.posts.reload()];
  if (currentSession()) {
    const failed = (err: unknown): void =>
      page.review.form.setStatus(`Couldn't load your review. ${messageOf(err)}`, 'error');
    work.push(loadMine(page).catch(failed));
  }
  await Promise.all(work);
}

async function load(page: ParkPage): Promise<void> {
  if (page.state.parkId === '') return showMissing();
  showLoading();
  let park: Park | null;
  try {
    park = await getPark(page.state.parkId);
  } catch (err) {
    return showLoadFailed(err);
  }
  if (!park) return showMissing();
  await showEverything(page, park);
}

export function startPark(): void {
  const page = parkPage(parkState());
  page.review.element.addEventListener('submit', (event) => {
    event.preventDefault();
    void saveReview(page);
  });
  page.review.remove.addEventListener('click', () => void deleteReview(page));
  retryButton().addEventListener('click', () => void load(page));
  void load(page);
}
