import { tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, requiredEnv } from '../shared/env';
import { notFound } from '../shared/errors';
import { createAreaHandler, reply, requireUser, type StoreDependencies } from '../shared/http';
import { timeOrderedId, TIME_ORDERED_ID } from '../shared/ids';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';
import { nearestPark } from './geo';
import { locationsSchemas } from './schemas';
import { LocationStore, type StoredLocation } from './store';

/** The nearest park is worked out on every read, so it follows the catalog and any edit of the point. */
const toBody = (location: StoredLocation) => ({ ...location, nearestPark: nearestPark(location) });

const noSuchLocation = () => notFound('No such saved location of yours');

/** Ids are opaque: one that is not of our format names no location, so it is a 404 like any other. */
function locationId(id: string): string {
  if (!TIME_ORDERED_ID.test(id)) throw noSuchLocation();
  return id;
}

/** The locations function, its store built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  const { env } = dependencies;
  const locationStore = new LocationStore(
    dependencies.dynamo ?? dynamoClient(env),
    requiredEnv(env, tableEnvName('locations')),
  );
  return createAreaHandler(
    'locations',
    locationsSchemas,
    {
      listLocations: async (request) => {
        const user = requireUser(request);
        const { limit = DEFAULT_PAGE_SIZE, cursor } = request.query;
        const page = await locationStore.list(user.userId, limit, cursor);
        return reply(200, { locations: page.locations.map(toBody), next_cursor: page.nextCursor });
      },

      createLocation: async (request) => {
        const user = requireUser(request);
        const { body } = request;
        const now = new Date();
        const location: StoredLocation = {
          id: timeOrderedId(now),
          name: body.name,
          latitude: body.latitude,
          longitude: body.longitude,
          parkId: body.parkId ?? null,
          note: body.note ?? null,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        };
        await locationStore.create(user.userId, location);
        return reply(201, toBody(location));
      },

      getLocation: async (request) => {
        const user = requireUser(request);
        const location = await locationStore.get(user.userId, locationId(request.params.id));
        if (!location) throw noSuchLocation();
        return reply(200, toBody(location));
      },

      updateLocation: async (request) => {
        const user = requireUser(request);
        const updated = await locationStore.update(
          user.userId,
          locationId(request.params.id),
          request.body,
          new Date().toISOString(),
        );
        if (!updated) throw noSuchLocation();
        return reply(200, toBody(updated));
      },

      deleteLocation: async (request) => {
        const user = requireUser(request);
        if (!(await locationStore.delete(user.userId, locationId(request.params.id)))) throw noSuchLocation();
        return reply(204);
      },
    },
    dependencies,
  );
}

export const handler = deployedHandler(() => createHandler({ env: process.env }));
