import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';
import { pageQuery } from '../shared/pagination';
import { parkCatalog } from '../shared/park-catalog';

export const NAME_MAX = 80;
export const NOTE_MAX = 500;

/** No control characters (newlines, tabs, NUL…) in a one-line name. */
const CONTROL = /\p{Cc}/u;

const name = z.string({ error: 'must be a string' }).check(
  z.trim(),
  z.minLength(1, `must be 1 to ${NAME_MAX} characters (not only spaces)`),
  z.maxLength(NAME_MAX, `must be 1 to ${NAME_MAX} characters`),
  z.refine((value) => !CONTROL.test(value), 'must not contain control characters such as line breaks'),
);

// z.number() refuses NaN and ±Infinity (JSON.parse turns 1e999 into Infinity) and strings such as "45".
const degrees = (limit: number) =>
  z
    .number({ error: `must be a number from -${limit} to ${limit}` })
    .check(
      z.minimum(-limit, `must be a number from -${limit} to ${limit}`),
      z.maximum(limit, `must be a number from -${limit} to ${limit}`),
    );

const parkIds = parkCatalog.map((park) => park.id) as [string, ...string[]];

/** A catalog park id, or null for "no park". */
const parkId = z.nullable(
  z.enum(parkIds, {
    error: (issue) =>
      typeof issue.input === 'string'
        ? 'is not a park of the catalog (see GET /api/parks)'
        : 'must be a park id (a string) or null',
  }),
);

/** "No note" has one spelling in answers: null. An empty string is taken as "no note". */
const note = z.pipe(
  z.nullable(
    z
      .string({ error: 'must be a string or null' })
      .check(z.maxLength(NOTE_MAX, `must be at most ${NOTE_MAX} characters`)),
  ),
  z.transform((value: string | null) => (value === '' ? null : value)),
);

const unknownField = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' && issue.keys
    ? `has unknown fields: ${issue.keys.join(', ')} (allowed: name, latitude, longitude, parkId, note)`
    : undefined;

export const createLocationBody = z.strictObject(
  {
    name,
    latitude: degrees(90),
    longitude: degrees(180),
    parkId: z.optional(parkId),
    note: z.optional(note),
  },
  { error: unknownField },
);

export const updateLocationBody = z
  .strictObject(
    {
      name: z.optional(name),
      latitude: z.optional(degrees(90)),
      longitude: z.optional(degrees(180)),
      parkId: z.optional(parkId),
      note: z.optional(note),
    },
    { error: unknownField },
  )
  .check(z.refine((body) => Object.keys(body).length > 0, 'give at least one field to change'));

const location = z.object({
  id: z.string(),
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  parkId: z.nullable(z.string()),
  note: z.nullable(z.string()),
  nearestPark: z.object({
    id: z.string(),
    name: z.string(),
    distanceKm: z.number().check(z.describe('Great-circle distance, one decimal')),
  }),
  createdAt: z.string().check(z.describe('ISO-8601 UTC')),
  updatedAt: z.string().check(z.describe('ISO-8601 UTC')),
});

const locationId = z.object({
  id: z.string().check(z.describe('A location id, as answered by POST /api/locations')),
});

export const locationsSchemas = {
  listLocations: {
    query: pageQuery,
    response: z.object({ locations: z.array(location), next_cursor: z.nullable(z.string()) }),
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
