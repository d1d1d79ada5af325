import { z } from 'zod';
import type { AreaSchemas } from '../shared/http';
import { pageQuery } from '../shared/pagination';
import { parkCatalog } from '../shared/park-catalog';

export const NAME_MAX = 80;
export const NOTE_MAX = 500;

/** No control characters (newlines, tabs, NUL…) in a one-line name. */
const CONTROL = /\p{Cc}/u;

const name = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, `must be 1 to ${NAME_MAX} characters (not only spaces)`)
  .max(NAME_MAX, `must be 1 to ${NAME_MAX} characters`)
  .refine((value) => !CONTROL.test(value), 'must not contain control characters such as line breaks');

// z.number() refuses NaN and ±Infinity (JSON.parse turns 1e999 into Infinity) and strings such as "45".
const degrees = (limit: number) =>
  z
    .number({ error: `must be a number from -${limit} to ${limit}` })
    .min(-limit, `must be a number from -${limit} to ${limit}`)
    .max(limit, `must be a number from -${limit} to ${limit}`);

const parkIds = parkCatalog.map((park) => park.id) as [string, ...string[]];

/** A catalog park id, or null for "no park". */
const parkId = z
  .enum(parkIds, {
    error: (issue) =>
      typeof issue.input === 'string'
        ? 'is not a park of the catalog (see GET /api/parks)'
        : 'must be a park id (a string) or null',
  })
  .nullable();

/** "No note" has one spelling in answers: null. An empty string is taken as "no note". */
const note = z
  .string({ error: 'must be a string or null' })
  .max(NOTE_MAX, `must be at most ${NOTE_MAX} characters`)
  .nullable()
  .transform((value) => (value === '' ? null : value));

const unknownField = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' && issue.keys
    ? `has unknown fields: ${issue.keys.join(', ')} (allowed: name, latitude, longitude, parkId, note)`
    : undefined;

export const createLocationBody = z.strictObject(
  {
    name,
    latitude: degrees(90),
    longitude: degrees(180),
    parkId: parkId.optional(),
    note: note.optional(),
  },
  { error: unknownField },
);

export const updateLocationBody = z
  .strictObject(
    {
      name: name.optional(),
      latitude: degrees(90).optional(),
      longitude: degrees(180).optional(),
      parkId: parkId.optional(),
      note: note.optional(),
    },
    { error: unknownField },
  )
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

const location = z.object({
  id: z.string(),
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  parkId: z.string().nullable(),
  note: z.string().nullable(),
  nearestPark: z.object({
    id: z.string(),
    name: z.string(),
    distanceKm: z.number().describe('Great-circle distance, one decimal'),
  }),
  createdAt: z.string().describe('ISO-8601 UTC'),
  updatedAt: z.string().describe('ISO-8601 UTC'),
});

const locationId = z.object({ id: z.string().describe('A location id, as answered by POST /api/locations') });

export const locationsSchemas = {
  listLocations: {
    query: pageQuery,
    response: z.object({ locations: z.array(location), next_cursor: z.string().nullable() }),
    errors: [401],
  },
  createLocation: {
    body: createLocationBody,
    successStatus: 201,
    response: location,
    // 409: the per-user cap is reached (code LOCATION_LIMIT).
    errors: [401, 409],
  },
  getLocation: { params: locationId, response: location, errors: [401, 404] },
  updateLocation: { params: locationId, body: updateLocationBody, response: location, errors: [401, 404] },
  deleteLocation: { params: locationId, successStatus: 204, errors: [401, 404] },
} satisfies AreaSchemas<'locations'>;
