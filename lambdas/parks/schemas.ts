import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';
import { pageQuery } from '../shared/pagination';
import { POST_BODY_MAX, REVIEW_BODY_MAX, TITLE_MAX, type Stars } from './domain';

/**
 * Any string is accepted as a park or post id here: an id that names nothing is a 404 (answered from
 * the bundled catalog, or by the id's shape for posts), not a 400.
 */
const idParam = z.string({ error: 'is required' });
const parkParams = z.object({ parkId: idParam });
const postParams = z.object({ parkId: idParam, postId: idParam });

const starsSchema = z.pipe(
  z
    .number({ error: 'must be a whole number from 1 to 5' })
    .check(
      z.int('must be a whole number from 1 to 5'),
      z.minimum(1, 'must be a whole number from 1 to 5'),
      z.maximum(5, 'must be a whole number from 1 to 5'),
    ),
  z.transform((value: number) => value as Stars),
);

/** Free text: trimmed before its length is checked. */
const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .check(z.trim(), z.maxLength(max, `must be at most ${max} characters`));
const requiredText = (max: number) =>
  text(max).check(z.minLength(1, `must be 1 to ${max} characters (not blank)`));

export const reviewBody = z.strictObject({
  stars: starsSchema,
  title: z.nullish(text(TITLE_MAX)).check(z.describe('Optional; trimmed; leaving it out clears it')),
  body: z.nullish(text(REVIEW_BODY_MAX)).check(z.describe('Optional; trimmed; leaving it out clears it')),
});

export const postBody = z.strictObject({
  title: requiredText(TITLE_MAX),
  body: requiredText(POST_BODY_MAX),
});

export const postPatchBody = z
  .strictObject({
    title: z.optional(requiredText(TITLE_MAX)),
    body: z.optional(requiredText(POST_BODY_MAX)),
  })
  .check(
    z.refine((patch) => patch.title !== undefined || patch.body !== undefined, {
      message: 'must change title, body or both',
    }),
  );

const timestamp = z.string().check(z.describe('ISO-8601 UTC'));
const nextCursor = z
  .nullable(z.string())
  .check(z.describe('Pass as ?cursor= for the next page; null on the last page'));

const histogram = z
  .object({
    1: z.number().check(z.int()),
    2: z.number().check(z.int()),
    3: z.number().check(z.int()),
    4: z.number().check(z.int()),
    5: z.number().check(z.int()),
  })
  .check(z.describe('Number of reviews with each star value'));
const average = z.number().check(z.describe('Mean stars to one decimal; 0 when there are no reviews'));

const rating = z.object({ average, count: z.number().check(z.int()) });

export const parkResponse = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  biome: z.string(),
  description: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  rating,
});

export const reviewResponse = z.object({
  parkId: z.string(),
  author: z.string().check(z.describe('The reviewer’s username')),
  stars: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  title: z.string().check(z.describe('"" when none was given')),
  body: z.string().check(z.describe('"" when none was given')),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const postResponse = z.object({
  id: z.string(),
  parkId: z.string(),
  author: z.string().check(z.describe('The author’s username')),
  title: z.string(),
  body: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const parksSchemas = {
  listParks: { response: z.object({ parks: z.array(parkResponse) }) },
  getPark: { params: parkParams, response: parkResponse, errors: [404] },
  listReviews: {
    params: parkParams,
    query: pageQuery,
    response: z.object({ reviews: z.array(reviewResponse), next_cursor: nextCursor }),
    errors: [404],
  },
  putMyReview: {
    params: parkParams,
    body: reviewBody,
    response: reviewResponse.check(z.describe('201 when the review was created, 200 when it was updated')),
    otherSuccessStatuses: [201],
    errors: [401, 404, 503],
  },
  getMyReview: { params: parkParams, response: reviewResponse, errors: [401, 404] },
  deleteMyReview: { params: parkParams, successStatus: 204, errors: [401, 404, 503] },
  getParkAnalytics: {
    params: parkParams,
    response: z.object({ parkId: z.string(), count: z.number().check(z.int()), average, histogram }),
    errors: [404],
  },
  getParksAnalytics: {
    response: z.object({
      parks: z.array(
        z.object({ parkId: z.string(), name: z.string(), count: z.number().check(z.int()), average }),
      ),
    }),
  },
  listPosts: {
    params: parkParams,
    query: pageQuery,
    response: z.object({ posts: z.array(postResponse), next_cursor: nextCursor }),
    errors: [404],
  },
  createPost: {
    params: parkParams,
    body: postBody,
    successStatus: 201,
    response: postResponse,
    errors: [401, 404],
  },
  getPost: { params: postParams, response: postResponse, errors: [404] },
  updatePost: {
    params: postParams,
    body: postPatchBody,
    response: postResponse,
    errors: [401, 403, 404],
  },
  deletePost: { params: postParams, successStatus: 204, errors: [401, 403, 404] },
} satisfies AreaSchemas<'parks'>;
