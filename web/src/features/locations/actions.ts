/**
 * Saved locations: add, list (page by page), edit in place and delete, each with its nearest
 * park and the distance to it. Works fully offline from the internet (plain coordinates, no map
 * tiles).
 */
import { ApiError, messageOf, sendToSignIn } from '../../api';
import { confirmAction } from '../../confirm';
import { showStatus } from '../../dom';
import {
  createLocation,
  deleteLocation,
  listLocations,
  updateLocation,
  type SavedLocation,
} from '../../endpoints/locations';
import { listParks } from '../../endpoints/parks';
import { PagedList } from '../../paged-list';
import { currentSession, onSessionChange } from '../../session';
import { buildLocationForm, type LocationForm } from './form';
import { changes, locationsState, newLocationBody, parkNameOf, type LocationsState } from './state';
import { locationsView, renderLocation, savedMessage, showEditForm, type LocationsView } from './view';

interface LocationsPage {
  readonly view: LocationsView;
  readonly state: LocationsState;
  readonly list: PagedList<SavedLocation>;
}

/** Deletes after asking; a location already gone elsewhere leaves the list too. */
async function removeLocation(page: LocationsPage, location: SavedLocation): Promise<void> {
  const { status, savedTitle } = page.view;
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
  page.list.remove(location.id);
  savedTitle.focus();
}

function startEdit(page: LocationsPage, location: SavedLocation, item: HTMLLIElement): void {
  const { state } = page;
  const backToItem = (shown: SavedLocation): void => {
    state.openForms.delete(form);
    state.editing.delete(location.id);
    const element = page.list.replace(shown);
    element?.querySelector<HTMLButtonElement>('[data-action="edit"]')?.focus();
  };
  const form: LocationForm = buildLocationForm({
    initial: location,
    parks: state.parks,
    submitLabel: 'Save changes',
    onCancel: () => backToItem(location),
    onSubmit: async (input) => {
      const patch = changes(location, input);
      if (Object.keys(patch).length === 0) return backToItem(location);
      const updated = await updateLocation(location.id, patch);
      backToItem(updated);
      showStatus(page.view.status, `Saved changes to “${updated.name}”.`, 'success');
    },
  });
  state.openForms.add(form);
  state.editing.add(location.id);
  showEditForm(item, location, form.element);
  form.focus();
}

function addLocationForm(page: LocationsPage): void {
  const addForm = buildLocationForm({
    parks: page.state.parks,
    submitLabel: 'Save location',
    onSubmit: async (input, view) => {
      const created = await createLocation(newLocationBody(input));
      addForm.element.reset();
      page.list.prepend(created);
      view.setStatus(savedMessage(created), 'success');
    },
  });
  page.view.addSlot.replaceWith(addForm.element);
  page.state.openForms.add(addForm);
}

/** The catalog fills the park choices; without it a location can still be saved. */
async function loadParkChoices({ state, list }: LocationsPage): Promise<void> {
  const catalog = await listParks();
  state.parks = catalog.map((p) => ({ id: p.id, name: p.name }));
  for (const form of state.openForms) form.setParks(state.parks);
  for (const location of list.items) if (!state.editing.has(location.id)) list.replace(location);
}

function locationsPage(view: LocationsView, state: LocationsState): LocationsPage {
  const list: PagedList<SavedLocation> = new PagedList<SavedLocation>({
    list: view.list,
    moreButton: view.more,
    status: view.status,
    empty: view.empty,
    noun: ['location', 'locations'],
    fetchPage: (cursor, signal) => listLocations(cursor, signal),
    keyOf: (location) => location.id,
    render: (location) =>
      renderLocation(location, (id) => parkNameOf(state, id), {
        edit: (item) => startEdit(page, location, item),
        remove: () => void removeLocation(page, location),
      }),
  });
  const page: LocationsPage = { view, state, list };
  return page;
}

export function startLocations(): void {
  const page = locationsPage(locationsView(), locationsState());
  addLocationForm(page);
  loadParkChoices(page).catch(() => undefined);
  void page.list.reload();
  onSessionChange(() => {
    if (!currentSession()) void sendToSignIn(false);
  });
}
