/** The locations page's elements and how a saved location looks in the list. */
import { byId, el } from '../../dom';
import type { SavedLocation } from '../../endpoints/locations';
import { parkUrl } from '../../endpoints/parks';
import { formatCoordinates, formatDateTime, formatKm } from '../../format';

export interface LocationsView {
  readonly status: HTMLElement;
  readonly savedTitle: HTMLElement;
  readonly list: HTMLUListElement;
  readonly more: HTMLButtonElement;
  readonly empty: HTMLElement;
  /** The placeholder the add form takes the place of. */
  readonly addSlot: HTMLElement;
}

export function locationsView(): LocationsView {
  return {
    status: byId('locations-status', HTMLElement),
    savedTitle: byId('saved-title', HTMLElement),
    list: byId('locations-list', HTMLUListElement),
    more: byId('locations-more', HTMLButtonElement),
    empty: byId('locations-empty', HTMLElement),
    addSlot: byId('add-location-form', HTMLElement),
  };
}

export interface LocationItemActions {
  readonly edit: (item: HTMLLIElement) => void;
  readonly remove: () => void;
}

function itemButtons(location: SavedLocation, item: HTMLLIElement, on: LocationItemActions): HTMLElement {
  const edit = el('button', { type: 'button', class: 'button button-quiet', 'data-action': 'edit' }, 'Edit');
  const remove = el(
    'button',
    { type: 'button', class: 'button button-quiet button-danger-text', 'data-action': 'delete' },
    'Delete',
  );
  edit.setAttribute('aria-label', `Edit ${location.name}`);
  remove.setAttribute('aria-label', `Delete ${location.name}`);
  edit.addEventListener('click', () => on.edit(item));
  remove.addEventListener('click', on.remove);
  return el('div', { class: 'actions item-actions' }, edit, remove);
}

function nearestParkLine({ nearestPark: nearest }: SavedLocation): HTMLElement | null {
  return nearest
    ? el(
        'p',
        { class: 'location-nearest' },
        'Nearest park: ',
        el('a', { href: parkUrl(nearest.id) }, nearest.name),
        ' — ',
        el('span', { class: 'distance' }, formatKm(nearest.distanceKm)),
      )
    : null;
}

function parkLine(location: SavedLocation, parkName: (id: string) => string): HTMLElement | null {
  return location.parkId
    ? el(
        'p',
        { class: 'location-park' },
        'Park: ',
        el('a', { href: parkUrl(location.parkId) }, parkName(location.parkId)),
      )
    : null;
}

export function renderLocation(
  location: SavedLocation,
  parkName: (id: string) => string,
  on: LocationItemActions,
): HTMLLIElement {
  const item = el('li', { class: 'card item location-item', 'data-location-id': location.id });
  const parts: (HTMLElement | null)[] = [
    el('h3', { class: 'item-title' }, location.name),
    el('p', { class: 'location-coordinates' }, formatCoordinates(location.latitude, location.longitude)),
    nearestParkLine(location),
    parkLine(location, parkName),
    location.note ? el('p', { class: 'item-body' }, location.note) : null,
    el(
      'p',
      { class: 'item-meta' },
      'Saved ',
      el('time', { datetime: location.createdAt }, formatDateTime(location.createdAt)),
      location.updatedAt !== location.createdAt ? ' · edited' : '',
    ),
    itemButtons(location, item, on),
  ];
  item.append(...parts.filter((part): part is HTMLElement => part !== null));
  return item;
}

/** Swaps a list item for its edit form. */
export function showEditForm(item: HTMLLIElement, location: SavedLocation, form: HTMLFormElement): void {
  form.setAttribute('aria-label', `Edit ${location.name}`);
  item.replaceChildren(el('h3', { class: 'item-title' }, `Edit “${location.name}”`), form);
}

/** "Saved “Camp”. Nearest park: Redwood, 3.2 km." */
export function savedMessage(created: SavedLocation): string {
  const nearest = created.nearestPark
    ? ` Nearest park: ${created.nearestPark.name}, ${formatKm(created.nearestPark.distanceKm)}.`
    : '';
  return `Saved “${created.name}”.${nearest}`;
}
