/**
 * The form for a saved location, used both to add one and to edit one in place: name, plain
 * coordinate entry (with "Use my location" where the browser offers it; no map, so it all works
 * offline), an optional park from the catalog, and an optional note.
 */
import { ApiError } from '../../api';
import { el } from '../../dom';
import {
  LOCATION_NAME_MAX,
  LOCATION_NOTE_MAX,
  type LocationInput,
  type SavedLocation,
} from '../../endpoints/locations';
import { selectField, setSelectOptions, textField, type SelectOption } from '../../fields';
import { FormView } from '../../forms';

export interface ParkChoice {
  readonly id: string;
  readonly name: string;
}

export interface LocationFormOptions {
  /** The location being edited; none to add a new one. */
  readonly initial?: SavedLocation;
  readonly parks: readonly ParkChoice[];
  readonly submitLabel: string;
  /** Sends the checked values; throws an ApiError to have it shown on the form. */
  readonly onSubmit: (input: LocationInput, form: FormView) => Promise<void>;
  readonly onCancel?: () => void;
}

export interface LocationForm {
  readonly element: HTMLFormElement;
  readonly view: FormView;
  /** Offers these parks in the select (the catalog may arrive after the form is drawn). */
  setParks(parks: readonly ParkChoice[]): void;
  focus(): void;
}

const NO_PARK = '';

function parkOptions(parks: readonly ParkChoice[]): SelectOption[] {
  return [
    { value: NO_PARK, label: 'No park' },
    ...parks
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ value: p.id, label: p.name })),
  ];
}

/** "41.2", "-124,0046" (a decimal comma is fine), " 41.2 " → a number; anything else → NaN. */
export function parseCoordinate(text: string): number {
  const trimmed = text.trim().replace(/^\u2212/, '-');
  const normalised = trimmed.includes('.') ? trimmed : trimmed.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalised)) return Number.NaN;
  return Number(normalised);
}

function coordinateProblem(text: string, limit: number, what: string): string | null {
  if (text.trim() === '') return `Enter the ${what}.`;
  const value = parseCoordinate(text);
  if (Number.isNaN(value))
    return `Enter the ${what} as a decimal number, like ${limit === 90 ? '41.2132' : '-124.0046'}.`;
  if (value < -limit || value > limit) return `The ${what} must be between -${limit} and ${limit}.`;
  return null;
}

/** "Use my location", where the browser offers it: fills the coordinates from geolocation. */
function locateButton(
  view: () => FormView,
  latitude: HTMLInputElement | HTMLTextAreaElement,
  longitude: HTMLInputElement | HTMLTextAreaElement,
): HTMLButtonElement | null {
  if (!('geolocation' in navigator)) return null;
  const locate = el('button', { type: 'button', class: 'button button-quiet' }, 'Use my location');
  locate.addEventListener('click', () => {
    view().setStatus('Asking your browser for your position…');
    locate.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        locate.disabled = false;
        latitude.value = position.coords.latitude.toFixed(5);
        longitude.value = position.coords.longitude.toFixed(5);
        view().setFieldError('latitude', null);
        view().setFieldError('longitude', null);
        view().setStatus('Filled in your current position.', 'success');
      },
      (problem) => {
        locate.disabled = false;
        view().setStatus(
          problem.code === problem.PERMISSION_DENIED
            ? 'Your browser did not share your position. Type the coordinates instead.'
            : "Couldn't find your position. Type the coordinates instead.",
          'warning',
        );
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  });
  return locate;
}

/** The form's values, checked; null (with each problem shown) when one needs fixing. */
function checkLocation(view: FormView): LocationInput | null {
  const values = {
    name: view.value('name').trim(),
    latitude: view.value('latitude'),
    longitude: view.value('longitude'),
    note: view.value('note').trim(),
  };
  const ok = [
    view.setFieldError(
      'name',
      values.name === ''
        ? 'Enter a name.'
        : values.name.length > LOCATION_NAME_MAX
          ? `Use at most ${LOCATION_NAME_MAX} characters.`
          : null,
    ),
    view.setFieldError('latitude', coordinateProblem(values.latitude, 90, 'latitude')),
    view.setFieldError('longitude', coordinateProblem(values.longitude, 180, 'longitude')),
    view.setFieldError(
      'note',
      values.note.length > LOCATION_NOTE_MAX ? `Use at most ${LOCATION_NOTE_MAX} characters.` : null,
    ),
  ].every(Boolean);
  if (!ok) return null;
  const parkId = view.value('parkId');
  return {
    name: values.name,
    latitude: parseCoordinate(values.latitude),
    longitude: parseCoordinate(values.longitude),
    parkId: parkId === NO_PARK ? null : parkId,
    note: values.note,
  };
}

/** The typed fields of the form (the park select is filled from the catalog). */
function textFields(initial: SavedLocation | undefined) {
  const name = textField({
    name: 'name',
    label: 'Name',
    value: initial?.name,
    maxLength: LOCATION_NAME_MAX,
    required: true,
    placeholder: 'e.g. Jedediah Smith campground',
  });
  const latitude = textField({
    name: 'latitude',
    label: 'Latitude',
    value: initial ? String(initial.latitude) : '',
    inputMode: 'decimal',
    hint: '−90 to 90 (north is positive)',
    required: true,
  });
  const longitude = textField({
    name: 'longitude',
    label: 'Longitude',
    value: initial ? String(initial.longitude) : '',
    inputMode: 'decimal',
    hint: '−180 to 180 (east is positive)',
    required: true,
  });
  const note = textField({
    name: 'note',
    label: 'Note',
    value: initial?.note ?? undefined,
    maxLength: LOCATION_NOTE_MAX,
    multiline: true,
    rows: 3,
    required: false,
    hint: `Up to ${LOCATION_NOTE_MAX} characters.`,
  });
  return { name, latitude, longitude, note };
}

export function buildLocationForm(options: LocationFormOptions): LocationForm {
  const { initial } = options;
  // The location's own park stays on offer even before (or without) the catalog, so saving an
  // edit never drops it by accident.
  const withOwnPark = (parks: readonly ParkChoice[]): readonly ParkChoice[] =>
    initial?.parkId && !parks.some((p) => p.id === initial.parkId)
      ? [...parks, { id: initial.parkId, name: initial.parkId }]
      : parks;
  const { name, latitude, longitude, note } = textFields(initial);
  const park = selectField({
    name: 'parkId',
    label: 'Park',
    required: false,
    options: parkOptions(withOwnPark(options.parks)),
    value: initial?.parkId ?? NO_PARK,
  });
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'button button-primary' }, options.submitLabel);
  const buttons = el('div', { class: 'actions' }, submit);
  if (options.onCancel) {
    const cancel = el('button', { type: 'button', class: 'button button-quiet' }, 'Cancel');
    cancel.addEventListener('click', options.onCancel);
    buttons.append(cancel);
  }

  const coordinates = el('div', { class: 'field-pair' }, latitude.wrapper, longitude.wrapper);
  const element = el('form', { class: 'form location-form', novalidate: true }, name.wrapper, coordinates);
  const locate = locateButton(() => view, latitude.control, longitude.control);
  if (locate) element.append(el('div', { class: 'locate-row' }, locate));
  element.append(park.wrapper, note.wrapper, buttons, status);
  const view = new FormView(element, status);

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    view.clearErrors();
    const input = checkLocation(view);
    if (!input) {
      view.focusFirstInvalid();
      return;
    }
    view.setBusy(true);
    view.setStatus('Saving…');
    options.onSubmit(input, view).then(
      () => view.setBusy(false),
      (err: unknown) => {
        view.setBusy(false);
        view.showFailure(err);
        if (err instanceof ApiError && err.status === 409) {
          view.setStatus(`${err.message} Delete a location you no longer need to make room.`, 'error');
        }
      },
    );
  });
  if (options.onCancel) {
    const cancel = options.onCancel;
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') cancel();
    });
  }

  return {
    element,
    view,
    setParks: (parks) => setSelectOptions(park.control, parkOptions(withOwnPark(parks))),
    focus: () => name.control.focus(),
  };
}
