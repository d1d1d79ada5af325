/** Parks endpoints: the catalog with ratings, reviews (yours included), analytics and posts. */
import {
  apiFetch,
  apiRequest,
  ApiError,
  asObject,
  listQuery,
  numberField,
  optionalNumberField,
  optionalStringField,
  pageOf,
  segment,
  stringField,
  type Json,
  type Page,
} from '../api';

export interface Rating {
  /** Mean of the stars, one decimal; 0 while there are no reviews. */
  readonly average: number;
  readonly count: number;
}

export interface Park {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly biome: string;
  readonly description: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly rating: Rating;
}

export interface Review {
  readonly parkId: string;
  /** The author's username, lower-case. */
  readonly author: string;
  readonly stars: number;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ReviewInput {
  /** 1..5 */
  readonly stars: number;
  /** ≤ 120 characters; left out when empty. */
  readonly title?: string;
  /** ≤ 4000 characters; left out when empty. */
  readonly body?: string;
}

export interface ParkAnalytics {
  readonly parkId: string;
  readonly count: number;
  readonly average: number;
  /** Reviews with 1, 2, 3, 4 and 5 stars (index 0 is one star). */
  readonly histogram: readonly [number, number, number, number, number];
}

export interface Post {
  readonly id: string;
  readonly parkId: string;
  readonly author: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PostInput {
  /** 1..120 characters */
  readonly title: string;
  /** 1..4000 characters */
  readonly body: string;
}

export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 4000;
export const POST_TITLE_MAX = 120;
export const POST_BODY_MAX = 4000;

function readRating(body: Json): Rating {
  const rating = asObject(body.rating, 'rating');
  return { average: optionalNumberField(rating, 'average') ?? 0, count: numberField(rating, 'count') };
}

function readPark(body: Json): Park {
  return {
    id: stringField(body, 'id'),
    name: stringField(body, 'name'),
    state: stringField(body, 'state'),
    biome: stringField(body, 'biome'),
    description: stringField(body, 'description'),
    latitude: numberField(body, 'latitude'),
    longitude: numberField(body, 'longitude'),
    rating: readRating(body),
  };
}

function readReview(body: Json): Review {
  return {
    parkId: stringField(body, 'parkId'),
    author: stringField(body, 'author'),
    stars: numberField(body, 'stars'),
    title: optionalStringField(body, 'title') ?? '',
    body: optionalStringField(body, 'body') ?? '',
    createdAt: stringField(body, 'createdAt'),
    updatedAt: optionalStringField(body, 'updatedAt') ?? stringField(body, 'createdAt'),
  };
}

function readPost(body: Json): Post {
  return {
    id: stringField(body, 'id'),
    parkId: stringField(body, 'parkId'),
    author: stringField(body, 'author'),
    title: stringField(body, 'title'),
    body: stringField(body, 'body'),
    createdAt: stringField(body, 'createdAt'),
    updatedAt: optionalStringField(body, 'updatedAt') ?? stringField(body, 'createdAt'),
  };
}

const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

const parkPath = (parkId: string): string => `/api/parks/${segment(parkId)}`;

export async function listParks(signal?: AbortSignal): Promise<Park[]> {
  const body = asObject(await apiFetch('/api/parks', { signal }));
  return pageOf(body, 'parks', readPark).items.slice();
}

/** The park, or null when there is no park with that id. */
export async function getPark(parkId: string, signal?: AbortSignal): Promise<Park | null> {
  try {
    return readPark(asObject(await apiFetch(parkPath(parkId), { signal })));
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function getParkAnalytics(parkId: string, signal?: AbortSignal): Promise<ParkAnalytics> {
  const body = asObject(await apiFetch(`${parkPath(parkId)}/analytics`, { signal }));
  const histogram = asObject(body.histogram, 'histogram');
  const bucket = (n: number): number => optionalNumberField(histogram, String(n)) ?? 0;
  return {
    parkId: stringField(body, 'parkId'),
    count: numberField(body, 'count'),
    average: optionalNumberField(body, 'average') ?? 0,
    histogram: [bucket(1), bucket(2), bucket(3), bucket(4), bucket(5)],
  };
}

export async function listReviews(
  parkId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Review>> {
  const body = asObject(await apiFetch(`${parkPath(parkId)}/reviews${listQuery(cursor)}`, { signal }));
  return pageOf(body, 'reviews', readReview);
}

/** The signed-in user's review of the park, or null when they have not written one. */
export async function getMyReview(parkId: string, signal?: AbortSignal): Promise<Review | null> {
  try {
    return readReview(
      asObject(await apiFetch(`${parkPath(parkId)}/reviews/me`, { auth: 'required', signal })),
    );
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Creates (201) or replaces (200) the signed-in user's review. */
export async function saveMyReview(
  parkId: string,
  input: ReviewInput,
): Promise<{ review: Review; created: boolean }> {
  const body: Record<string, unknown> = { stars: input.stars };
  if (input.title) body.title = input.title;
  if (input.body) body.body = input.body;
  const answer = await apiRequest(`${parkPath(parkId)}/reviews/me`, {
    method: 'PUT',
    auth: 'required',
    body,
  });
  return { review: readReview(asObject(answer.data)), created: answer.status === 201 };
}

/** Deletes the signed-in user's review; false when there was none. */
export async function deleteMyReview(parkId: string): Promise<boolean> {
  try {
    await apiFetch(`${parkPath(parkId)}/reviews/me`, { method: 'DELETE', auth: 'required' });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function listPosts(
  parkId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Post>> {
  const body = asObject(await apiFetch(`${parkPath(parkId)}/posts${listQuery(cursor)}`, { signal }));
  return pageOf(body, 'posts', readPost);
}

export async function createPost(parkId: string, input: PostInput): Promise<Post> {
  return readPost(
    asObject(await apiFetch(`${parkPath(parkId)}/posts`, { method: 'POST', auth: 'required', body: input })),
  );
}

export async function updatePost(parkId: string, postId: string, patch: Partial<PostInput>): Promise<Post> {
  return readPost(
    asObject(
      await apiFetch(`${parkPath(parkId)}/posts/${segment(postId)}`, {
        method: 'PATCH',
        auth: 'required',
        body: patch,
      }),
    ),
  );
}

export async function deletePost(parkId: string, postId: string): Promise<void> {
  await apiFetch(`${parkPath(parkId)}/posts/${segment(postId)}`, { method: 'DELETE', auth: 'required' });
}

/** Park ids are opaque to the site; only the catalog's answer says which exist. */
export const parkUrl = (parkId: string): string => `/park.html?id=${encodeURIComponent(parkId)}`;
