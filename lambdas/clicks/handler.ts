import { ENV, tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, requiredEnv } from '../shared/env';
import { tooManyRequests } from '../shared/errors';
import { createAreaHandler, reply, requireUser, type StoreDependencies } from '../shared/http';
import { loggerFor } from '../shared/logger';
import { businessMetrics } from '../shared/metrics';
import { parseWith } from '../shared/validation';
import { buildClickLog, windowMinutes } from './domain';
import { LatestTotal } from './latest-total';
import { clicksSchemas, postClickHeaders } from './schemas';
import { ClickStore } from './store';
import { TotalsStore } from './totals-store';

const DEFAULT_LOG_MINUTES = 60;
/** As old as CloudFront's cache lets an anonymous answer be anyway. */
const TOTAL_MAX_AGE_MS = 1000;
const TOTAL_STALE_LIMIT_MS = 5000;

/** The clicks function, its stores (and its latest total) built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  const { env } = dependencies;
  const db = dependencies.dynamo ?? dynamoClient(env);
  const totals = new TotalsStore(db, requiredEnv(env, tableEnvName('clickTotals')));
  const clicks = new ClickStore(db, requiredEnv(env, tableEnvName('clicks')), {
    perSecond: Number(requiredEnv(env, ENV.clickRatePerSecond)),
    burst: Number(requiredEnv(env, ENV.clickBurst)),
  });
  const latestTotal = new LatestTotal(() => totals.total(), {
    maxAgeMs: TOTAL_MAX_AGE_MS,
    staleLimitMs: TOTAL_STALE_LIMIT_MS,
    onRefreshError: (error) =>
      loggerFor('clicks').warn('Could not refresh the total', { error: String(error) }),
  });
  const metrics = businessMetrics(env);
  return createAreaHandler(
    'clicks',
    clicksSchemas,
    {
      postClick: async (request) => {
        const user = requireUser(request);
        const headers = parseWith(postClickHeaders, request.headers, 'header');
        const outcome = await clicks.recordClick(
          user.userId,
          new Date(),
          await latestTotal.current(),
          headers['idempotency-key'],
        );
        if (outcome.kind === 'limited') {
          throw tooManyRequests(
            'You are clicking faster than the limit allows; wait a moment',
            outcome.retryAfterSeconds,
          );
        }
        if (outcome.kind === 'counted') metrics.count('clicks');
        return reply(200, { total_clicks: outcome.total, user_clicks: outcome.user });
      },

      getClicks: async ({ user }) => {
        const [total, userClicks] = await Promise.all([
          latestTotal.fresh(),
          user ? clicks.userClicks(user.userId) : undefined,
        ]);
        if (userClicks === undefined) {
          // Anonymous answers are the same for everyone, so CloudFront and browsers may share them briefly.
          return reply(200, { total_clicks: total }, { 'cache-control': 'public, max-age=1' });
        }
        return reply(
          200,
          { total_clicks: total, user_clicks: userClicks },
          { 'cache-control': 'private, no-store' },
        );
      },

      getClickLog: async ({ query }) => {
        const window = windowMinutes(new Date(), query.minutes ?? DEFAULT_LOG_MINUTES);
        const [counts, total] = await Promise.all([
          totals.minuteCounts(window[0], window[window.length - 1]),
          totals.total(),
        ]);
        return reply(200, buildClickLog(window, counts, total));
      },
    },
    dependencies,
  );
}

export const handler = deployedHandler(() => createHandler({ env: process.env }));
