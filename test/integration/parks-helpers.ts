import type { ApiAnswer } from '../support/api';

/** Shapes the parks API answers with (see lambdas/parks/schemas.ts). */
export interface Rating {
  average: number;
  count: number;
}
export interface ParkWithRating {
  id: string;
  name: string;
  state: string;
  biome: string;
  description: string;
  latitude: number;
  longitude: number;
  rating: Rating;
}
export interface Review {
  parkId: string;
  author: string;
  stars: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}
export interface Post {
  id: string;
  parkId: string;
  author: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}
export interface Analytics {
  parkId: string;
  count: number;
  average: number;
  histogram: Record<'1' | '2' | '3' | '4' | '5', number>;
}
export interface ErrorBody {
  message: string;
  code?: string;
  fields?: Record<string, string>;
}

type Call = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: { token?: string },
) => Promise<ApiAnswer<T>>;

/** Every page of a list, following next_cursor; also returns the pages' sizes. */
export async function collectPages<T>(
  call: Call,
  path: string,
  key: 'reviews' | 'posts',
  limit: number,
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call<Record<string, unknown>>('GET', url);
    if (page.status !== 200) throw new Error(`${url} answered ${page.status}: ${JSON.stringify(page.body)}`);
    const pageItems = page.body[key] as T[];
    items.push(...pageItems);
    pageSizes.push(pageItems.length);
    cursor = page.body.next_cursor as string | null;
    if (pageSizes.length > 1000) throw new Error('pagination does not end');
  } while (cursor !== null);
  return { items, pageSizes };
}

/** The mean to one decimal, computed independently of the server's formula. */
export const meanToOneDecimal = (stars: number[]): number =>
  stars.length === 0 ? 0 : Math.round((stars.reduce((a, b) => a + b, 0) * 10) / stars.length) / 10;

export const histogramSum = (analytics: Analytics): number =>
  Object.values(analytics.histogram).reduce((a, b) => a + b, 0);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
