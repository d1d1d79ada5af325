import { tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, requiredEnv } from '../shared/env';
import { notFound } from '../shared/errors';
import { createAreaHandler, reply, requireUser, type StoreDependencies } from '../shared/http';
import { businessMetrics } from '../shared/metrics';
import { TIME_ORDERED_ID } from '../shared/ids';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';
import { findPark, parkCatalog, type Park } from '../shared/park-catalog';
import { analyticsOf, averageOf, emptyStats, optionalText, ratingOf, type RatingStats } from './domain';
import { parksSchemas } from './schemas';
import { ParkStore } from './store';

/** Every route names a park; one that is not in the bundled catalog is a 404 without a database call. */
function knownPark(parkId: string): Park {
  const park = findPark(parkId);
  if (!park) throw notFound('No such park');
  return park;
}

/** Post ids are time-ordered ids; anything else names no post (and never reaches DynamoDB as a key). */
function postIdOf(postId: string): string {
  if (!TIME_ORDERED_ID.test(postId)) throw notFound('No such post');
  return postId;
}

const withRating = (park: Park, stats: RatingStats | undefined) => ({
  ...park,
  rating: ratingOf(stats ?? emptyStats()),
});

/** The parks function, its store built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  const { env } = dependencies;
  const parkStore = new ParkStore(
    dependencies.dynamo ?? dynamoClient(env),
    requiredEnv(env, tableEnvName('parks')),
  );
  const metrics = businessMetrics(env);
  return createAreaHandler(
    'parks',
    parksSchemas,
    {
      listParks: async () => {
        const stats = await parkStore.allStats();
        return reply(200, { parks: parkCatalog.map((park) => withRating(park, stats.get(park.id))) });
      },

      getPark: async ({ params }) => {
        const park = knownPark(params.parkId);
        return reply(200, withRating(park, await parkStore.stats(park.id)));
      },

      listReviews: async ({ params, query }) => {
        const park = knownPark(params.parkId);
        const page = await parkStore.listReviews(park.id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
        return reply(200, { reviews: page.items, next_cursor: page.nextCursor });
      },

      putMyReview: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        const { body } = request;
        const { review, created } = await parkStore.putReview(park.id, user, {
          stars: body.stars,
          title: optionalText(body.title),
          body: optionalText(body.body),
        });
        metrics.count('reviews');
        return reply(created ? 201 : 200, review);
      },

      getMyReview: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        const review = await parkStore.getReview(park.id, user.userId);
        if (!review) throw notFound('You have not reviewed this park');
        return reply(200, review);
      },

      deleteMyReview: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        if (!(await parkStore.deleteReview(park.id, user.userId))) {
          throw notFound('You have not reviewed this park');
        }
        return reply(204);
      },

      getParkAnalytics: async ({ params }) => {
        const park = knownPark(params.parkId);
        return reply(200, analyticsOf(park.id, await parkStore.stats(park.id)));
      },

      getParksAnalytics: async () => {
        const stats = await parkStore.allStats();
        return reply(200, {
          parks: parkCatalog.map((park) => {
            const s = stats.get(park.id) ?? emptyStats();
            return { parkId: park.id, name: park.name, count: s.count, average: averageOf(s) };
          }),
        });
      },

      listPosts: async ({ params, query }) => {
        const park = knownPark(params.parkId);
        const page = await parkStore.listPosts(park.id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
        return reply(200, { posts: page.items, next_cursor: page.nextCursor });
      },

      createPost: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        const post = await parkStore.createPost(park.id, user, request.body);
        return reply(201, post);
      },

      getPost: async ({ params }) => {
        const park = knownPark(params.parkId);
        const post = await parkStore.getPost(park.id, postIdOf(params.postId));
        if (!post) throw notFound('No such post');
        return reply(200, post);
      },

      updatePost: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        const post = await parkStore.updatePost(
          park.id,
          postIdOf(request.params.postId),
          user.userId,
          request.body,
        );
        return reply(200, post);
      },

      deletePost: async (request) => {
        const user = requireUser(request);
        const park = knownPark(request.params.parkId);
        await parkStore.deletePost(park.id, postIdOf(request.params.postId), user.userId);
        return reply(204);
      },
    },
    dependencies,
  );
}

export const handler = deployedHandler(() => createHandler({ env: process.env }));
