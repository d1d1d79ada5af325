/** Saved-locations endpoints: your places, each with its nearest park. */
import {
  apiFetch,
  asObject,
  listQuery,
  numberField,
  optionalStringField,
  pageOf,
  segment,
  stringField,
  type Json,
  type Page,
} from '../api';

export interface NearestPark {
  readonly id: string;
  readonly name: string;
  readonly distanceKm: number;
}

export interface SavedLocation {
  readonly id: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  /** The park this place belongs to, if the user chose one. */
  readonly parkId: string | null;
  readonly note: string;
  readonly nearestPark: NearestPark | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LocationInput {
  /** 1..80 characters */
  readonly name: string;
  /** -90..90 */
  readonly latitude: number;
  /** -180..180 */
  readonly longitude: number;
  readonly parkId?: string | null;
  /** ≤ 500 characters */
  readonly note?: string;
}

export const LOCATION_NAME_MAX = 80;
export const LOCATION_NOTE_MAX = 500;

function readLocation(body: Json): SavedLocation {
  const nearestRaw = body.nearestPark;
  let nearestPark: NearestPark | null = null;
  if (nearestRaw !== undefined && nearestRaw !== null) {
    const nearest = asObject(nearestRaw, 'nearestPark');
    nearestPark = {
      id: stringField(nearest, 'id'),
      name: stringField(nearest, 'name'),
      distanceKm: numberField(nearest, 'distanceKm'),
    };
  }
  return {
    id: stringField(body, 'id'),
    name: stringField(body, 'name'),
    latitude: numberField(body, 'latitude'),
    longitude: numberField(body, 'longitude'),
    parkId: optionalStringField(body, 'parkId') || null,
    note: optionalStringField(body, 'note') ?? '',
    nearestPark,
    createdAt: stringField(body, 'createdAt'),
    updatedAt: optionalStringField(body, 'updatedAt') ?? stringField(body, 'createdAt'),
  };
}

export async function listLocations(
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<SavedLocation>> {
  const body = asObject(await apiFetch(`/api/locations${listQuery(cursor)}`, { auth: 'required', signal }));
  return pageOf(body, 'locations', readLocation);
}

export async function getLocation(id: string, signal?: AbortSignal): Promise<SavedLocation> {
  return readLocation(
    asObject(await apiFetch(`/api/locations/${segment(id)}`, { auth: 'required', signal })),
  );
}

export async function createLocation(input: LocationInput): Promise<SavedLocation> {
  return readLocation(
    asObject(await apiFetch('/api/locations', { method: 'POST', auth: 'required', body: input })),
  );
}

export async function updateLocation(id: string, patch: Partial<LocationInput>): Promise<SavedLocation> {
  return readLocation(
    asObject(
      await apiFetch(`/api/locations/${segment(id)}`, { method: 'PATCH', auth: 'required', body: patch }),
    ),
  );
}

export async function deleteLocation(id: string): Promise<void> {
  await apiFetch(`/api/locations/${segment(id)}`, { method: 'DELETE', auth: 'required' });
}
