/**
 * Saved locations: add, list (page by page), edit in place and delete, each with its nearest
 * park and the distance to it. Needs a session; works fully offline from the internet (plain
 * coordinates, no map tiles).
 */
import { ApiError, messageOf, sendToSignIn } from '../api';
import { confirmAction } from '../confirm';
import { byId, el, showStatus } from '../dom';
import {
  createLocation,
  deleteLocation,
  listLocations,
  updateLocation,
  type LocationInput,
  type SavedLocation,
} from '../endpoints/locations';
import { listParks, parkUrl } from '../endpoints/parks';
import { formatCoordinates, formatDateTime, formatKm } from '../format';
import { buildLocationForm, type LocationForm, type ParkChoice } from '../features/locations/form';
import { startPage } from '../page';
import { PagedList } from '../paged-list';
import { currentSession, onSessionChange, sessionState } from '../session';

startPage('locations');

if (!currentSession()) void sendToSignIn(sessionState().kind === 'expired');
else run();

function renderLocation(
  location: SavedLocation,
  parkName: (id: string) => string,
  on: { edit: (item: HTMLLIElement) => void; remove: () => void },
): HTMLLIElement {
  const item = el('li', { class: 'card item location-item', 'data-location-id': location.id });
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
  const nearest = location.nearestPark;
  const parts: (HTMLElement | null)[] = [
    el('h3', { class: 'item-title' }, location.name),
    el('p', { class: 'location-coordinates' }, formatCoordinates(location.latitude, location.longitude)),
    nearest
      ? el(
          'p',
          { class: 'location-nearest' },
          'Nearest park: ',
          el('a', { href: parkUrl(nearest.id) }, nearest.name),
          ' — ',
          el('span', { class: 'distance' }, formatKm(nearest.distanceKm)),
        )
      : null,
    location.parkId
      ? el(
          'p',
          { class: 'location-park' },
          'Park: ',
          el('a', { href: parkUrl(location.parkId) }, parkName(location.parkId)),
        )
      : null,
    location.note ? el('p', { class: 'item-body' }, location.note) : null,
    el(
      'p',
      { class: 'item-meta' },
      'Saved ',
      el('time', { datetime: location.createdAt }, formatDateTime(location.createdAt)),
      location.updatedAt !== location.createdAt ? ' · edited' : '',
    ),
    el('div', { class: 'actions item-actions' }, edit, remove),
  ];
  item.append(...parts.filter((part): part is HTMLElement => part !== null));
  return item;
}

/** Only what changed goes in the PATCH; a cleared park is sent as null. */
function changes(before: SavedLocation, after: LocationInput): Partial<LocationInput> {
  const patch: { -readonly [K in keyof LocationInput]?: LocationInput[K] } = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.latitude !== before.latitude) patch.latitude = after.latitude;
  if (after.longitude !== before.longitude) patch.longitude = after.longitude;
  if ((after.parkId ?? null) !== before.parkId) patch.parkId = after.parkId ?? null;
  if ((after.note ?? '') !== before.note) patch.note = after.note ?? '';
  return patch;
}

/** Deletes after asking; a location already gone elsewhere leaves the list too. */
async function removeLocation(
  location: SavedLocation,
  list: PagedList<SavedLocation>,
  status: HTMLElement,
  savedTitle: HTMLElement,
): Promise<void> {
  const ok = await confirmAction({
    title: `Delete “${location.name}”?`,
    message: 'This saved location will be removed. This can’t be undone.',
    confirmLabel: 'Delete location',
  });
  if (!ok) return;
  try {
    await deleteLocation(location.id);
    showStatus(status, `Deleted “${location.name}”.`, 'success');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      showStatus(status, `Couldn't delete “${location.name}”. ${messageOf(err)}`, 'error');
      return;
    }
    showStatus(status, `“${location.name}” had already been deleted.`, 'info');
  }
  list.remove(location.id);
  savedTitle.focus();
}

/** A new location leaves out an empty park and note. */
const newLocationBody = (input: LocationInput): LocationInput => ({
  name: input.name,
  latitude: input.latitude,
  longitude: input.longitude,
  ...(input.parkId ? { parkId: input.parkId } : {}),
  ...(input.note ? { note: input.note } : {}),
});

function run(): void {
  const status = byId('locations-status', HTMLElement);
  const savedTitle = byId('saved-title', HTMLElement);
  let parks: ParkChoice[] = [];
  const parkName = (id: string): string => parks.find((p) => p.id === id)?.name ?? id;
  const openForms = new Set<LocationForm>();
  /** Locations with their edit form open, which a redraw must not close. */
  const editing = new Set<string>();

  const list = new PagedList<SavedLocation>({
    list: byId('locations-list', HTMLUListElement),
    moreButton: byId('locations-more', HTMLButtonElement),
    status,
    empty: byId('locations-empty', HTMLElement),
    noun: ['location', 'locations'],
    fetchPage: (cursor, signal) => listLocations(cursor, signal),
    keyOf: (location) => location.id,
    render: (location) =>
      renderLocation(location, parkName, {
        edit: (item) => startEdit(location, item),
        remove: () => void removeLocation(location, list, status, savedTitle),
      }),
  });

  function startEdit(location: SavedLocation, item: HTMLLIElement): void {
    const backToItem = (shown: SavedLocation): void => {
      openForms.delete(form);
      editing.delete(location.id);
      const element = list.replace(shown);
      element?.querySelector<HTMLButtonElement>('[data-action="edit"]')?.focus();
    };
    const form = buildLocationForm({
      initial: location,
      parks,
      submitLabel: 'Save changes',
      onCancel: () => backToItem(location),
      onSubmit: async (input) => {
        const patch = changes(location, input);
        if (Object.keys(patch).length === 0) {
          backToItem(location);
          return;
        }
        const updated = await updateLocation(location.id, patch);
        backToItem(updated);
        showStatus(status, `Saved changes to “${updated.name}”.`, 'success');
      },
    });
    form.element.setAttribute('aria-label', `Edit ${location.name}`);
    openForms.add(form);
    editing.add(location.id);
    item.replaceChildren(el('h3', { class: 'item-title' }, `Edit “${location.name}”`), form.element);
    form.focus();
  }

  const addForm = buildLocationForm({
    parks,
    submitLabel: 'Save location',
    onSubmit: async (input, view) => {
      const created = await createLocation(newLocationBody(input));
      addForm.element.reset();
      list.prepend(created);
      const nearest = created.nearestPark
        ? ` Nearest park: ${created.nearestPark.name}, ${formatKm(created.nearestPark.distanceKm)}.`
        : '';
      view.setStatus(`Saved “${created.name}”.${nearest}`, 'success');
    },
  });
  byId('add-location-form', HTMLElement).replaceWith(addForm.element);
  openForms.add(addForm);

  // The catalog fills the park choices; without it a location can still be saved.
  listParks().then(
    (catalog) => {
      parks = catalog.map((p) => ({ id: p.id, name: p.name }));
      for (const form of openForms) form.setParks(parks);
      for (const location of list.items) if (!editing.has(location.id)) list.replace(location);
    },
    () => undefined,
  );
  void list.reload();

  onSessionChange(() => {
    if (!currentSession()) void sendToSignIn(false);
  });
}
