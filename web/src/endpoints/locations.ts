/** Saved-locations endpoints: your places, each with its nearest park. */
import { api, call, listQuery, pageOf, type Page, type RequestBody, type ResponseBody } from '../api';

export type SavedLocation = ResponseBody<'getLocation'>;
export type NearestPark = SavedLocation['nearestPark'];
type CreateBody = RequestBody<'createLocation'>;
type UpdateBody = RequestBody<'updateLocation'>;
/**
 * Name 1..80 characters, latitude -90..90, longitude -180..180, note ≤ 500 characters. The park
 * is any id from the catalog's answer (typed as a plain string there); the server names an
 * unknown one in `fields`.
 */
export type LocationInput = Omit<CreateBody, 'parkId'> & { readonly parkId?: string | null };
export type LocationPatch = Omit<UpdateBody, 'parkId'> & { readonly parkId?: string | null };

export const LOCATION_NAME_MAX = 80;
export const LOCATION_NOTE_MAX = 500;

export async function listLocations(
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<SavedLocation>> {
  const { data } = await call(
    (extras) => api.GET('/api/locations', { params: { query: listQuery(cursor) }, ...extras }),
    { auth: 'required', signal },
  );
  return pageOf(data.locations, data.next_cursor);
}

export async function createLocation(input: LocationInput): Promise<SavedLocation> {
  return (
    await call((extras) => api.POST('/api/locations', { body: input as CreateBody, ...extras }), {
      auth: 'required',
    })
  ).data;
}

export async function updateLocation(id: string, patch: LocationPatch): Promise<SavedLocation> {
  const answer = await call(
    (extras) =>
      api.PATCH('/api/locations/{id}', { params: { path: { id } }, body: patch as UpdateBody, ...extras }),
    { auth: 'required' },
  );
  return answer.data;
}

export async function deleteLocation(id: string): Promise<void> {
  await call((extras) => api.DELETE('/api/locations/{id}', { params: { path: { id } }, ...extras }), {
    auth: 'required',
  });
}
