import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { routes } from '../../lambdas/contract/routes';
import { ParkStore } from '../../lambdas/parks/store';
import { createHandler } from '../../lambdas/quiz/handler';
import { InvalidInput } from '../../lambdas/shared/domain-errors';
import { queryPage } from '../../lambdas/shared/paged-query';
import { compileRoute, lambdaContext, matchRoute, toApiEvent } from '../../lib/local/api-event';
import { fakeDynamo, type Sent } from '../support/fake-dynamo';
import { testConfiguration } from '../support/function-configuration';

/**
 * The one list helper: a page of `limit` items and an opaque cursor bound to its list and its user.
 * The fake table holds `count` items of one partition, newest first, and honours Limit and
 * ExclusiveStartKey as DynamoDB does.
 */
function partition(pk: string, count: number) {
  const items = Array.from({ length: count }, (_, i) => ({
    pk,
    sk: `ITEM#${String(count - i).padStart(4, '0')}`,
  }));
  return fakeDynamo(({ input }: Sent) => {
    const start = input.ExclusiveStartKey as { sk: string } | undefined;
    const from = start ? items.findIndex((item) => item.sk === start.sk) + 1 : 0;
    const page = items.slice(from, from + Number(input.Limit));
    const more = from + page.length < items.length;
    return { Items: page, LastEvaluatedKey: more ? page[page.length - 1] : undefined };
  });
}

const listOf = (userId: string, cursor: string | undefined) => ({
  query: {
    TableName: 'test',
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `USER#${userId}` },
  },
  scope: 'things',
  cursorKey: { pk: `USER#${userId}`, sk: /^ITEM#\d{4}$/ },
  cursor,
  limit: 2,
});

describe('queryPage', () => {
  it('pages through a list in order, the last cursor null exactly when nothing follows', async () => {
    const { client } = partition('USER#ann', 5);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queryPage(client, listOf('ann', cursor));
      seen.push(...page.items.map((item) => String(item.sk)));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(['ITEM#0005', 'ITEM#0004', 'ITEM#0003', 'ITEM#0002', 'ITEM#0001']);
    expect(pages).toBe(3);
    expect(
      (await queryPage(partition('USER#ann', 2).client, listOf('ann', undefined))).nextCursor,
    ).toBeNull();
  });

  it('refuses a cursor of another user, another list or a tampered one, without reading', async () => {
    const ann = partition('USER#ann', 5);
    const { nextCursor } = await queryPage(ann.client, listOf('ann', undefined));
    const cursor = nextCursor ?? '';
    const bob = partition('USER#bob', 5);
    await expect(queryPage(bob.client, listOf('bob', cursor))).rejects.toBeInstanceOf(InvalidInput);
    await expect(queryPage(ann.client, { ...listOf('ann', cursor), scope: 'others' })).rejects.toThrow(
      /cursor is not valid/,
    );
    // Edited to start from a key outside the list's items (a cursor edited to name the caller's own
    // partition is no leak: it only reaches the caller's own items).
    const tampered = Buffer.from(
      Buffer.from(cursor, 'base64url').toString('utf8').replace('ITEM#', 'REVIEW#'),
    ).toString('base64url');
    await expect(queryPage(ann.client, listOf('ann', tampered))).rejects.toBeInstanceOf(InvalidInput);
    await expect(queryPage(ann.client, listOf('ann', 'not-a-cursor'))).rejects.toBeInstanceOf(InvalidInput);
    expect(bob.sent).toHaveLength(0);
    expect(ann.sent).toHaveLength(1);
  });

  it('a park list refuses the cursor of another park, and a review cursor on the post list', async () => {
    const reviews = fakeDynamo(({ input }) => ({
      Items: [1, 2]
        .map((i) => ({
          pk: 'PARK#denali',
          sk: `REVIEW#user-${i}`,
          gsi1pk: 'REVIEWS#denali',
          gsi1sk: `2026-01-0${i}T03:04:05.678Z#user-${i}`,
          stars: 5,
        }))
        .slice(0, Number(input.Limit)),
    }));
    const store = new ParkStore(reviews.client, 'parks');
    const page = await store.listReviews('denali', 1, undefined);
    expect(page.nextCursor).not.toBeNull();
    await expect(store.listReviews('zion', 1, page.nextCursor ?? '')).rejects.toBeInstanceOf(InvalidInput);
    await expect(store.listPosts('denali', 1, page.nextCursor ?? '')).rejects.toBeInstanceOf(InvalidInput);
  });
});

describe('a cursor of another user, through a handler', () => {
  const verifier = async (token: string) => ({ sub: token, username: token }) as JwtPayload;
  const matchers = routes.map(compileRoute);
  const listEvent = (user: string, cursor?: string): APIGatewayProxyEventV2 => {
    const url = `/api/quiz/results?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
    const matched = matchRoute(matchers, 'GET', '/api/quiz/results');
    if (!matched) throw new Error('no route');
    const headers = { authorization: `Bearer ${user}` };
    return toApiEvent({ method: 'GET', url, headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1' }, matched);
  };

  it('is a 400 naming the cursor, and reads nothing', async () => {
    const results = (pk: string) =>
      [2, 1].map((i) => ({
        pk,
        sk: `RESULT#00mwxwlq2v80cc4ffbe67${i}`,
        id: `00mwxwlq2v80cc4ffbe67${i}`,
        parkId: 'denali',
        parkName: 'Denali',
        createdAt: '2026-01-01T00:00:00.000Z',
      }));
    const dynamo = fakeDynamo(({ input }) => {
      const values = input.ExpressionAttributeValues as Record<string, string>;
      return { Items: results(values[':pk']).slice(0, Number(input.Limit)) };
    });
    const handler = createHandler({ env: testConfiguration('quiz'), dynamo: dynamo.client, verifier });
    const first = await handler(listEvent('ann'), lambdaContext('quiz', 5000));
    expect(first.statusCode).toBe(200);
    const cursor = (JSON.parse(String(first.body)) as { next_cursor: string }).next_cursor;
    expect(cursor).toEqual(expect.any(String));
    const own = await handler(listEvent('ann', cursor), lambdaContext('quiz', 5000));
    expect(own.statusCode).toBe(200);
    const reads = dynamo.sent.length;
    const stolen = await handler(listEvent('bob', cursor), lambdaContext('quiz', 5000));
    expect(stolen.statusCode).toBe(400);
    expect(JSON.parse(String(stolen.body))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { cursor: 'invalid' },
    });
    expect(dynamo.sent).toHaveLength(reads);
  });
});
