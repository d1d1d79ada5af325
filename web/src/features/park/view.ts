/** The park page's elements: about, the rating summary, your review form and the status line. */
import { ApiError, messageOf } from '../../api';
import { byId, setText, showStatus } from '../../dom';
import type { Park, ParkAnalytics, Review, ReviewInput } from '../../endpoints/parks';
import { formatAverage, formatCoordinates, plural } from '../../format';
import { FormView } from '../../forms';
import { herePath, signInUrl } from '../../links';
import { StarInput, starsDisplay } from '../../stars';

export interface ReviewFormView {
  readonly element: HTMLFormElement;
  readonly form: FormView;
  readonly stars: StarInput;
  readonly save: HTMLButtonElement;
  readonly remove: HTMLButtonElement;
}

export function reviewFormView(): ReviewFormView {
  const element = byId('review-form', HTMLFormElement);
  const stars = new StarInput('stars', 'Your rating');
  byId('review-stars', HTMLElement).replaceWith(stars.fieldset);
  return {
    element,
    form: new FormView(element, byId('review-status', HTMLElement)),
    stars,
    save: byId('review-save', HTMLButtonElement),
    remove: byId('review-delete', HTMLButtonElement),
  };
}

export const pageStatus = (): HTMLElement => byId('park-status', HTMLElement);
export const retryButton = (): HTMLButtonElement => byId('park-retry', HTMLButtonElement);

export function showMissing(): void {
  showStatus(pageStatus(), '');
  byId('park-missing', HTMLElement).hidden = false;
  byId('park-content', HTMLElement).hidden = true;
  document.title = 'Park not found — Cloud Clicker';
}

export function showLoading(): void {
  retryButton().hidden = true;
  showStatus(pageStatus(), 'Loading…');
}

export function showLoadFailed(err: unknown): void {
  const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
  showStatus(pageStatus(), `Couldn't load this park. ${reason}`, 'error');
  retryButton().hidden = false;
}

export function showPark(park: Park): void {
  showStatus(pageStatus(), '');
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

export function showRating(analytics: Pick<ParkAnalytics, 'average' | 'count'>): void {
  const none = analytics.count === 0;
  setText(byId('rating-average', HTMLElement), none ? '—' : formatAverage(analytics.average));
  byId('rating-stars', HTMLElement).replaceChildren(starsDisplay(none ? null : analytics.average, 'large'));
  setText(
    byId('rating-count', HTMLElement),
    none ? 'No reviews yet' : `out of 5 · ${plural(analytics.count, 'review')}`,
  );
}

export function showSignedInParts(signedIn: boolean): void {
  const signIn = signInUrl({ next: herePath() });
  byId('review-signin-link', HTMLAnchorElement).href = signIn;
  byId('post-signin-link', HTMLAnchorElement).href = signIn;
  byId('review-signin', HTMLElement).hidden = signedIn;
  byId('post-signin', HTMLElement).hidden = signedIn;
  byId('review-form', HTMLFormElement).hidden = !signedIn;
  byId('post-form', HTMLFormElement).hidden = !signedIn;
}

export function fillReviewForm(view: ReviewFormView, mine: Review | null): void {
  view.stars.value = mine?.stars ?? 0;
  view.form.input('title').value = mine?.title ?? '';
  byId('review-body', HTMLTextAreaElement).value = mine?.body ?? '';
  setText(view.save, mine ? 'Update review' : 'Publish review');
  view.remove.hidden = mine === null;
}

export function reviewInputOf(view: ReviewFormView): ReviewInput {
  return {
    stars: view.stars.value,
    title: view.form.value('title').trim(),
    body: view.form.value('body').trim(),
  };
}

export function setReviewBusy(view: ReviewFormView, busy: boolean): void {
  view.form.setBusy(busy);
  view.stars.setDisabled(busy);
}
