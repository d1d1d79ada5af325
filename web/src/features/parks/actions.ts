/** The park catalog with each park's rating: load it, filter and sort it as the user types. */
import { listParks, type Park } from '../../endpoints/parks';
import { filtersFromUrl, shownParks, writeFiltersToUrl } from './state';
import {
  announceCount,
  filtersOf,
  parksView,
  renderParks,
  showFilters,
  showLoadFailed,
  showLoading,
  type ParksView,
} from './view';

function render(view: ParksView, parks: readonly Park[], announce: boolean): void {
  const shown = shownParks(parks, filtersOf(view));
  renderParks(view, shown, parks.length);
  if (announce) announceCount(view, shown.length, parks.length);
}

export function startParks(): void {
  const view = parksView();
  let parks: Park[] = [];
  const load = async (): Promise<void> => {
    showLoading(view);
    try {
      parks = await listParks();
      render(view, parks, true);
    } catch (err) {
      showLoadFailed(view, err);
    }
  };
  view.filters.addEventListener('input', () => {
    writeFiltersToUrl(filtersOf(view));
    render(view, parks, true);
  });
  view.filters.addEventListener('submit', (event) => event.preventDefault());
  view.retry.addEventListener('click', () => void load());
  showFilters(view, filtersFromUrl());
  void load();
}
