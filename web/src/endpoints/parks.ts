/** Parks endpoints: the catalog with ratings, reviews (yours included), analytics and posts. */
import {
  api,
  call,
  isNotFound,
  listQuery,
  pageOf,
  type Page,
  type RequestBody,
  type ResponseBody,
} from '../api';

export type Park = ResponseBody<'getPark'>;
/** Mean of the stars, one decimal (0 while there are no reviews), and how many there are. */
export type Rating = Park['rating'];
export type Review = ResponseBody<'getMyReview'>;
export type ReviewInput = RequestBody<'putMyReview'>;
/** `histogram` counts the reviews with 1, 2, 3, 4 and 5 stars. */
export type ParkAnalytics = ResponseBody<'getParkAnalytics'>;
export type Post = ResponseBody<'getPost'>;
export type PostInput = RequestBody<'createPost'>;

export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 4000;
export const POST_TITLE_MAX = 120;
export const POST_BODY_MAX = 4000;

/** The value for a request that, on a 404, means "there is none" rather than a failure. */
async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function listParks(signal?: AbortSignal): Promise<Park[]> {
  return (await call((extras) => api.GET('/api/parks', extras), { signal })).data.parks;
}

/** The park, or null when there is no park with that id. */
export async function getPark(parkId: string, signal?: AbortSignal): Promise<Park | null> {
  const request = call(
    (extras) => api.GET('/api/parks/{parkId}', { params: { path: { parkId } }, ...extras }),
    {
      signal,
    },
  );
  return (await orNull(request))?.data ?? null;
}

export async function getParkAnalytics(parkId: string, signal?: AbortSignal): Promise<ParkAnalytics> {
  const answer = await call(
    (extras) => api.GET('/api/parks/{parkId}/analytics', { params: { path: { parkId } }, ...extras }),
    { signal },
  );
  return answer.data;
}

export async function listReviews(
  parkId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Review>> {
  const { data } = await call(
    (extras) =>
      api.GET('/api/parks/{parkId}/reviews', {
        params: { path: { parkId }, query: listQuery(cursor) },
        ...extras,
      }),
    { signal },
  );
  return pageOf(data.reviews, data.next_cursor);
}

/** The signed-in user's review of the park, or null when they have not written one. */
export async function getMyReview(parkId: string, signal?: AbortSignal): Promise<Review | null> {
  const request = call(
    (extras) => api.GET('/api/parks/{parkId}/reviews/me', { params: { path: { parkId } }, ...extras }),
    { auth: 'required', signal },
  );
  return (await orNull(request))?.data ?? null;
}

/** Creates (201) or replaces (200) the signed-in user's review; empty title and body are left out. */
export async function saveMyReview(
  parkId: string,
  input: ReviewInput,
): Promise<{ review: Review; created: boolean }> {
  const body: ReviewInput = {
    stars: input.stars,
    ...(input.title ? { title: input.title } : {}),
    ...(input.body ? { body: input.body } : {}),
  };
  const answer = await call(
    (extras) => api.PUT('/api/parks/{parkId}/reviews/me', { params: { path: { parkId } }, body, ...extras }),
    { auth: 'required' },
  );
  return { review: answer.data, created: answer.status === 201 };
}

/** Deletes the signed-in user's review; false when there was none. */
export async function deleteMyReview(parkId: string): Promise<boolean> {
  const request = call(
    (extras) => api.DELETE('/api/parks/{parkId}/reviews/me', { params: { path: { parkId } }, ...extras }),
    { auth: 'required' },
  );
  return (await orNull(request)) !== null;
}

export async function listPosts(
  parkId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<Post>> {
  const { data } = await call(
    (extras) =>
      api.GET('/api/parks/{parkId}/posts', {
        params: { path: { parkId }, query: listQuery(cursor) },
        ...extras,
      }),
    { signal },
  );
  return pageOf(data.posts, data.next_cursor);
}

export async function createPost(parkId: string, input: PostInput): Promise<Post> {
  const answer = await call(
    (extras) =>
      api.POST('/api/parks/{parkId}/posts', { params: { path: { parkId } }, body: input, ...extras }),
    { auth: 'required' },
  );
  return answer.data;
}

export async function updatePost(parkId: string, postId: string, patch: Partial<PostInput>): Promise<Post> {
  const answer = await call(
    (extras) =>
      api.PATCH('/api/parks/{parkId}/posts/{postId}', {
        params: { path: { parkId, postId } },
        body: patch,
        ...extras,
      }),
    { auth: 'required' },
  );
  return answer.data;
}

export async function deletePost(parkId: string, postId: string): Promise<void> {
  await call(
    (extras) =>
      api.DELETE('/api/parks/{parkId}/posts/{postId}', { params: { path: { parkId, postId } }, ...extras }),
    { auth: 'required' },
  );
}

/** Park ids are opaque to the site; only the catalog's answer says which exist. */
export const parkUrl = (parkId: string): string => `/park.html?id=${encodeURIComponent(parkId)}`;
