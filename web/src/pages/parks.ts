/**
 * The park catalog with each park's rating. Search and sort happen in the page (the catalog is
 * small) and are kept in the address, so a filtered list can be shared or reloaded.
 */
import { ApiError, messageOf } from '../api';
import { byId, el, showStatus } from '../dom';
import { listParks, parkUrl, type Park } from '../endpoints/parks';
import { formatAverage, plural } from '../format';
import { startPage } from '../page';
import { starsDisplay } from '../stars';

startPage('parks');

type SortKey = 'name' | 'rating' | 'reviews';
const SORTS: readonly SortKey[] = ['name', 'rating', 'reviews'];

const filters = byId('park-filters', HTMLFormElement);
const search = byId('park-search', HTMLInputElement);
const sort = byId('park-sort', HTMLSelectElement);
const list = byId('parks-list', HTMLUListElement);
const status = byId('parks-status', HTMLElement);
const empty = byId('parks-empty', HTMLElement);
const retry = byId('parks-retry', HTMLButtonElement);

let parks: Park[] = [];

const byName = (a: Park, b: Park): number => a.name.localeCompare(b.name);
const comparators: Record<SortKey, (a: Park, b: Park) => number> = {
  name: byName,
  // Parks without reviews go last, not first, when sorting by rating.
  rating: (a, b) =>
    Number(b.rating.count > 0) - Number(a.rating.count > 0) ||
    b.rating.average - a.rating.average ||
    b.rating.count - a.rating.count ||
    byName(a, b),
  reviews: (a, b) => b.rating.count - a.rating.count || byName(a, b),
};

/** Accents and case do not matter: "hawaii" finds "Hawaiʻi Volcanoes". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u02bb\u02bc']/g, '')
    .toLowerCase();
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

function render(announce: boolean): void {
  const query = fold(search.value.trim());
  const key = sort.value as SortKey;
  const shown = parks
    .filter((p) => query === '' || fold(`${p.name} ${p.state} ${p.biome}`).includes(query))
    .sort(comparators[key]);
  list.replaceChildren(...shown.map(card));
  empty.hidden = shown.length > 0 || parks.length === 0;
  if (announce) {
    const message =
      query === ''
        ? `${plural(parks.length, 'park')}.`
        : `${plural(shown.length, 'park')} of ${parks.length} match “${search.value.trim()}”.`;
    showStatus(status, message);
  }
}

function readUrl(): void {
  const params = new URLSearchParams(window.location.search);
  search.value = params.get('q') ?? '';
  const asked = params.get('sort') as SortKey | null;
  sort.value = asked && SORTS.includes(asked) ? asked : 'name';
}

function writeUrl(): void {
  const url = new URL(window.location.href);
  const q = search.value.trim();
  if (q) url.searchParams.set('q', q);
  else url.searchParams.delete('q');
  if (sort.value !== 'name') url.searchParams.set('sort', sort.value);
  else url.searchParams.delete('sort');
  window.history.replaceState(null, '', url);
}

filters.addEventListener('input', () => {
  writeUrl();
  render(true);
});
filters.addEventListener('submit', (event) => event.preventDefault());

async function load(): Promise<void> {
  retry.hidden = true;
  showStatus(status, 'Loading parks…');
  try {
    parks = await listParks();
    render(true);
  } catch (err) {
    const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
    showStatus(status, `Couldn't load the parks. ${reason}`, 'error');
    retry.hidden = false;
  }
}

retry.addEventListener('click', () => void load());
readUrl();
void load();
