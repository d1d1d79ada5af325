/** The catalog's elements: the filters, the park cards, the status line and "Try again". */
import { ApiError, messageOf } from '../../api';
import { byId, el, showStatus } from '../../dom';
import { parkUrl, type Park } from '../../endpoints/parks';
import { formatAverage, plural } from '../../format';
import { starsDisplay } from '../../stars';
import { sortKey, type Filters } from './state';

export interface ParksView {
  readonly filters: HTMLFormElement;
  readonly search: HTMLInputElement;
  readonly sort: HTMLSelectElement;
  readonly list: HTMLUListElement;
  readonly status: HTMLElement;
  readonly empty: HTMLElement;
  readonly retry: HTMLButtonElement;
}

export function parksView(): ParksView {
  return {
    filters: byId('park-filters', HTMLFormElement),
    search: byId('park-search', HTMLInputElement),
    sort: byId('park-sort', HTMLSelectElement),
    list: byId('parks-list', HTMLUListElement),
    status: byId('parks-status', HTMLElement),
    empty: byId('parks-empty', HTMLElement),
    retry: byId('parks-retry', HTMLButtonElement),
  };
}

export const filtersOf = (view: ParksView): Filters => ({
  query: view.search.value.trim(),
  sort: sortKey(view.sort.value),
});

export function showFilters(view: ParksView, filters: Filters): void {
  view.search.value = filters.query;
  view.sort.value = filters.sort;
}

function card(park: Park): HTMLLIElement {
  const { average, count } = park.rating;
  return el(
    'li',
    { class: 'card park-card', 'data-park-id': park.id },
    el(
      'h2',
      { class: 'park-card-title' },
      el('a', { href: parkUrl(park.id), class: 'card-link' }, park.name),
    ),
    el('p', { class: 'park-card-meta' }, `${park.state} · ${park.biome}`),
    el(
      'p',
      { class: 'park-card-rating' },
      starsDisplay(count > 0 ? average : null),
      count > 0
        ? el('span', { class: 'rating-number' }, formatAverage(average))
        : el('span', { class: 'rating-none' }, 'No reviews yet'),
      count > 0 ? el('span', { class: 'rating-count' }, `(${plural(count, 'review')})`) : null,
    ),
    el('p', { class: 'park-card-description' }, park.description),
  );
}

export function renderParks(view: ParksView, shown: readonly Park[], total: number): void {
  view.list.replaceChildren(...shown.map(card));
  view.empty.hidden = shown.length > 0 || total === 0;
}

export function announceCount(view: ParksView, shown: number, total: number): void {
  const query = view.search.value.trim();
  const message =
    query === '' ? `${plural(total, 'park')}.` : `${plural(shown, 'park')} of ${total} match “${query}”.`;
  showStatus(view.status, message);
}

export function showLoading(view: ParksView): void {
  view.retry.hidden = true;
  showStatus(view.status, 'Loading parks…');
}

export function showLoadFailed(view: ParksView, err: unknown): void {
  const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
  showStatus(view.status, `Couldn't load the parks. ${reason}`, 'error');
  view.retry.hidden = false;
}
