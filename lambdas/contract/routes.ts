/**
 * The one list of HTTP routes. The CDK API stack, the local gateway, each function's router and
 * the OpenAPI document are all built from it, so they cannot disagree.
 */
export type Area = 'ops' | 'auth' | 'clicks' | 'parks' | 'quiz' | 'locations' | 'chat';
export type AuthMode = 'none' | 'optional' | 'required';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway syntax: `{name}` marks a path parameter. */
  readonly path: string;
  readonly area: Area;
  readonly auth: AuthMode;
  readonly operationId: string;
  readonly summary: string;
  /**
   * The answer streams (NDJSON lines as they are produced): served by the area's streaming function
   * through a Lambda function URL behind CloudFront, not by API Gateway, which buffers answers.
   */
  readonly stream?: true;
}

/**
 * The header that carries the access token on streamed routes: CloudFront's origin access control
 * signs requests to a function URL in `Authorization`, which therefore cannot carry the user's token.
 */
export const STREAM_TOKEN_HEADER = 'x-cloudclicker-token';

export const areas: readonly Area[] = ['ops', 'auth', 'clicks', 'parks', 'quiz', 'locations', 'chat'];

export const routes = [
  {
    method: 'GET',
    path: '/api/health',
    area: 'ops',
    auth: 'none',
    operationId: 'getHealth',
    summary: 'Liveness check',
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    area: 'ops',
    auth: 'none',
    operationId: 'getOpenApi',
    summary: 'This API as an OpenAPI 3.1 document',
  },
  {
    method: 'POST',
    path: '/api/register',
    area: 'auth',
    auth: 'none',
    operationId: 'register',
    summary: 'Create an account',
  },
  {
    method: 'POST',
    path: '/api/login',
    area: 'auth',
    auth: 'none',
    operationId: 'login',
    summary: 'Sign in and get an access token',
  },
  {
    method: 'GET',
    path: '/api/me',
    area: 'auth',
    auth: 'required',
    operationId: 'getMe',
    summary: 'The signed-in user',
  },
  {
    method: 'POST',
    path: '/api/clicks',
    area: 'clicks',
    auth: 'required',
    operationId: 'postClick',
    summary: 'Count one click',
  },
  {
    method: 'GET',
    path: '/api/clicks',
    area: 'clicks',
    auth: 'optional',
    operationId: 'getClicks',
    summary: 'Global total, and your own with a token',
  },
  {
    method: 'GET',
    path: '/api/clicks/log',
    area: 'clicks',
    auth: 'none',
    operationId: 'getClickLog',
    summary: 'Clicks per minute over a window',
  },
  // Parks, reviews, analytics, posts
  {
    method: 'GET',
    path: '/api/parks',
    area: 'parks',
    auth: 'none',
    operationId: 'listParks',
    summary: 'The park catalog with ratings',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}',
    area: 'parks',
    auth: 'none',
    operationId: 'getPark',
    summary: 'One park with its rating',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}/reviews',
    area: 'parks',
    auth: 'none',
    operationId: 'listReviews',
    summary: 'Reviews of a park, newest first',
  },
  {
    method: 'PUT',
    path: '/api/parks/{parkId}/reviews/me',
    area: 'parks',
    auth: 'required',
    operationId: 'putMyReview',
    summary: 'Create or update your review of a park',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}/reviews/me',
    area: 'parks',
    auth: 'required',
    operationId: 'getMyReview',
    summary: 'Your review of a park',
  },
  {
    method: 'DELETE',
    path: '/api/parks/{parkId}/reviews/me',
    area: 'parks',
    auth: 'required',
    operationId: 'deleteMyReview',
    summary: 'Delete your review of a park',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}/analytics',
    area: 'parks',
    auth: 'none',
    operationId: 'getParkAnalytics',
    summary: 'Rating count, average and histogram of a park',
  },
  {
    method: 'GET',
    path: '/api/analytics/parks',
    area: 'parks',
    auth: 'none',
    operationId: 'getParksAnalytics',
    summary: 'Rating count and average of every park',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}/posts',
    area: 'parks',
    auth: 'none',
    operationId: 'listPosts',
    summary: 'Posts about a park, newest first',
  },
  {
    method: 'POST',
    path: '/api/parks/{parkId}/posts',
    area: 'parks',
    auth: 'required',
    operationId: 'createPost',
    summary: 'Write a post about a park',
  },
  {
    method: 'GET',
    path: '/api/parks/{parkId}/posts/{postId}',
    area: 'parks',
    auth: 'none',
    operationId: 'getPost',
    summary: 'One post',
  },
  {
    method: 'PATCH',
    path: '/api/parks/{parkId}/posts/{postId}',
    area: 'parks',
    auth: 'required',
    operationId: 'updatePost',
    summary: 'Edit your post',
  },
  {
    method: 'DELETE',
    path: '/api/parks/{parkId}/posts/{postId}',
    area: 'parks',
    auth: 'required',
    operationId: 'deletePost',
    summary: 'Delete your post',
  },
  // Quiz
  {
    method: 'GET',
    path: '/api/quiz',
    area: 'quiz',
    auth: 'none',
    operationId: 'getQuiz',
    summary: 'The quiz questions',
  },
  {
    method: 'POST',
    path: '/api/quiz/results',
    area: 'quiz',
    auth: 'required',
    operationId: 'createQuizResult',
    summary: 'Answer the quiz and get your park',
  },
  {
    method: 'GET',
    path: '/api/quiz/results',
    area: 'quiz',
    auth: 'required',
    operationId: 'listQuizResults',
    summary: 'Your quiz results, newest first',
  },
  {
    method: 'GET',
    path: '/api/quiz/results/latest',
    area: 'quiz',
    auth: 'required',
    operationId: 'getLatestQuizResult',
    summary: 'Your latest quiz result',
  },
  {
    method: 'DELETE',
    path: '/api/quiz/results/{id}',
    area: 'quiz',
    auth: 'required',
    operationId: 'deleteQuizResult',
    summary: 'Delete one of your quiz results',
  },
  // Saved locations
  {
    method: 'GET',
    path: '/api/locations',
    area: 'locations',
    auth: 'required',
    operationId: 'listLocations',
    summary: 'Your saved locations',
  },
  {
    method: 'POST',
    path: '/api/locations',
    area: 'locations',
    auth: 'required',
    operationId: 'createLocation',
    summary: 'Save a location',
  },
  {
    method: 'GET',
    path: '/api/locations/{id}',
    area: 'locations',
    auth: 'required',
    operationId: 'getLocation',
    summary: 'One of your saved locations',
  },
  {
    method: 'PATCH',
    path: '/api/locations/{id}',
    area: 'locations',
    auth: 'required',
    operationId: 'updateLocation',
    summary: 'Edit one of your saved locations',
  },
  {
    method: 'DELETE',
    path: '/api/locations/{id}',
    area: 'locations',
    auth: 'required',
    operationId: 'deleteLocation',
    summary: 'Delete one of your saved locations',
  },
  // RangerAI chat
  {
    method: 'POST',
    path: '/api/chat',
    area: 'chat',
    auth: 'required',
    operationId: 'postChat',
    summary: 'Ask RangerAI; starts a conversation or continues one',
  },
  {
    method: 'POST',
    path: '/api/chat/stream',
    area: 'chat',
    auth: 'required',
    operationId: 'streamChat',
    summary:
      'Ask RangerAI and get the reply as it is written (NDJSON lines); the token goes in x-cloudclicker-token',
    stream: true,
  },
  {
    method: 'GET',
    path: '/api/chat/conversations',
    area: 'chat',
    auth: 'required',
    operationId: 'listConversations',
    summary: 'Your conversations, newest first',
  },
  {
    method: 'GET',
    path: '/api/chat/conversations/{id}',
    area: 'chat',
    auth: 'required',
    operationId: 'getConversation',
    summary: 'One of your conversations with its messages',
  },
  {
    method: 'DELETE',
    path: '/api/chat/conversations/{id}',
    area: 'chat',
    auth: 'required',
    operationId: 'deleteConversation',
    summary: 'Delete one of your conversations',
  },
] as const satisfies readonly Route[];

export type AppRoute = (typeof routes)[number];
export type OperationId<A extends Area> = Extract<AppRoute, { area: A }>['operationId'];
export type StreamRoute = Extract<AppRoute, { stream: true }>;
/** The operations API Gateway serves (all but the streamed ones). */
export type BufferedOperationId<A extends Area> = Exclude<OperationId<A>, StreamRoute['operationId']>;

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export function routesOf<A extends Area>(area: A): Extract<AppRoute, { area: A }>[] {
  return routes.filter((r): r is Extract<AppRoute, { area: A }> => r.area === area);
}

export const isStreamRoute = (route: Route): route is StreamRoute => route.stream === true;

/** The routes API Gateway serves, and the area functions behind it route. */
export const bufferedRoutes = routes.filter((route) => !isStreamRoute(route));
export const streamRoutes = routes.filter(isStreamRoute);
