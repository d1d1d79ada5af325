import { z } from 'zod';
import type { AreaSchemas } from '../shared/http';
import { pageQuery } from '../shared/pagination';
import { POST_BODY_MAX, REVIEW_BODY_MAX, TITLE_MAX, type Stars } from './domain';

/**
 * Any string is accepted as a park or post id here: an id that names nothing is a 404 (answered from
 * the bundled catalog, or by the id's shape for posts), not a 400.
 */
const idParam = z.string({ error: 'is required' });
const parkParams = z.object({ parkId: idParam });
const postParams = z.object({ parkId: idParam, postId: idParam });

const starsSchema = z
  .number({ error: 'must be a whole number from 1 to 5' })
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be a whole number from 1 to 5')
  .max(5, 'must be a whole number from 1 to 5')
  .transform((value) => value as Stars);

/** Free text: trimmed before its length is checked. */
const text = (max: number) =>
  z.string({ error: 'must be a string' }).trim().max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, `must be 1 to ${max} characters (not blank)`);

export const reviewBody = z.strictObject({
  stars: starsSchema,
  title: text(TITLE_MAX).nullish().describe('Optional; trimmed; leaving it out clears it'),
  body: text(REVIEW_BODY_MAX).nullish().describe('Optional; trimmed; leaving it out clears it'),
});

export const postBody = z.strictObject({
  title: requiredText(TITLE_MAX),
  body: requiredText(POST_BODY_MAX),
});

export const postPatchBody = z
  .strictObject({
    title: requiredText(TITLE_MAX).optional(),
    body: requiredText(POST_BODY_MAX).optional(),
  })
  .refine((patch) => patch.title !== undefined || patch.body !== undefined, {
    message: 'must change title, body or both',
  });

const timestamp = z.string().describe('ISO-8601 UTC');
const nextCursor = z
  .string()
  .nullable()
  .describe('Pass as ?cursor= for the next page; null on the last page');

const histogram = z
  .object({
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  })
  .describe('Number of reviews with each star value');
const average = z.number().describe('Mean stars to one decimal; 0 when there are no reviews');

const rating = z.object({ average, count: z.number().int() });

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
  author: z.string().describe('The reviewer’s username'),
  stars: z.number().int().min(1).max(5),
  title: z.string().describe('"" when none was given'),
  body: z.string().describe('"" when none was given'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const postResponse = z.object({
  id: z.string(),
  parkId: z.string(),
  author: z.string().describe('The author’s username'),
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
    response: reviewResponse.describe('201 when the review was created, 200 when it was updated'),
    errors: [401, 404, 503],
  },
  getMyReview: { params: parkParams, response: reviewResponse, errors: [401, 404] },
  deleteMyReview: { params: parkParams, successStatus: 204, errors: [401, 404, 503] },
  getParkAnalytics: {
    params: parkParams,
    response: z.object({ parkId: z.string(), count: z.number().int(), average, histogram }),
    errors: [404],
  },
  getParksAnalytics: {
    response: z.object({
      parks: z.array(z.object({ parkId: z.string(), name: z.string(), count: z.number().int(), average })),
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
