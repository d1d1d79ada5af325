/** What the locations page knows: the park choices, the open forms, and what a save sends. */
import type { LocationInput, SavedLocation } from '../../endpoints/locations';
import type { LocationForm, ParkChoice } from './form';

export interface LocationsState {
  /** The catalog's parks, empty until (and unless) it arrives. */
  parks: ParkChoice[];
  /** Every form on the page, which all take the catalog when it arrives. */
  readonly openForms: Set<LocationForm>;
  /** Locations with their edit form open, which a redraw must not close. */
  readonly editing: Set<string>;
}

export function locationsState(): LocationsState {
  return { parks: [], openForms: new Set(), editing: new Set() };
}

export const parkNameOf = (state: LocationsState, id: string): string =>
  state.parks.find((p) => p.id === id)?.name ?? id;

/** Only what changed goes in the PATCH; a cleared park is sent as null. */
export function changes(before: SavedLocation, after: LocationInput): Partial<LocationInput> {
  const patch: { -readonly [K in keyof LocationInput]?: LocationInput[K] } = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.latitude !== before.latitude) patch.latitude = after.latitude;
  if (after.longitude !== before.longitude) patch.longitude = after.longitude;
  if ((after.parkId ?? null) !== before.parkId) patch.parkId = after.parkId ?? null;
  if ((after.note ?? '') !== before.note) patch.note = after.note ?? '';
  return patch;
}

/** A new location leaves out an empty park and note. */
export const newLocationBody = (input: LocationInput): LocationInput => ({
  name: input.name,
  latitude: input.latitude,
  longitude: input.longitude,
  ...(input.parkId ? { parkId: input.parkId } : {}),
  ...(input.note ? { note: input.note } : {}),
});
