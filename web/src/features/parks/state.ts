/**
 * The catalog's search and sort. They happen in the page (the catalog is small) and are kept in
 * the address, so a filtered list can be shared or reloaded.
 */
import type { Park } from '../../endpoints/parks';

export type SortKey = 'name' | 'rating' | 'reviews';
const SORTS: readonly SortKey[] = ['name', 'rating', 'reviews'];

export interface Filters {
  readonly query: string;
  readonly sort: SortKey;
}

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

export const sortKey = (value: string | null): SortKey =>
  value && (SORTS as readonly string[]).includes(value) ? (value as SortKey) : 'name';

export function shownParks(parks: readonly Park[], filters: Filters): Park[] {
  const query = fold(filters.query);
  return parks
    .filter((p) => query === '' || fold(`${p.name} ${p.state} ${p.biome}`).includes(query))
    .sort(comparators[filters.sort]);
}

export function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  return { query: params.get('q') ?? '', sort: sortKey(params.get('sort')) };
}

export function writeFiltersToUrl(filters: Filters): void {
  const url = new URL(window.location.href);
  if (filters.query) url.searchParams.set('q', filters.query);
  else url.searchParams.delete('q');
  if (filters.sort !== 'name') url.searchParams.set('sort', filters.sort);
  else url.searchParams.delete('sort');
  window.history.replaceState(null, '', url);
}
