import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { createAreaHandler, reply, requireUser } from '../shared/http';
import { countMetric } from '../shared/metrics';
import { perConfiguration } from '../shared/per-configuration';
import { parseWith } from '../shared/validation';
import { buildClickLog, windowMinutes } from './domain';
import { clicksSchemas, postClickHeaders } from './schemas';
import { ClickStore } from './store';

const clickStore = perConfiguration(
  ['CLICKS_TABLE', 'CLICK_SHARDS', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new ClickStore(dynamo(), requiredEnv('CLICKS_TABLE'), Number(requiredEnv('CLICK_SHARDS'))),
);

const DEFAULT_LOG_MINUTES = 60;

export const handler = createAreaHandler('clicks', clicksSchemas, {
  postClick: async (request) => {
    const user = requireUser(request);
    const headers = parseWith(postClickHeaders, request.headers, 'header');
    const counts = await clickStore().recordClick(user.userId, new Date(), headers['idempotency-key']);
    countMetric('clicks');
    return reply(200, { total_clicks: counts.total, user_clicks: counts.user });
  },

  getClicks: async ({ user }) => {
    if (!user) {
      // Anonymous answers are the same for everyone, so CloudFront and browsers may share them briefly.
      return reply(
        200,
        { total_clicks: await clickStore().total() },
        { 'cache-control': 'public, max-age=1' },
      );
    }
    const counts = await clickStore().counts(user.userId);
    return reply(
      200,
      { total_clicks: counts.total, user_clicks: counts.user },
      { 'cache-control': 'private, no-store' },
    );
  },

  getClickLog: async ({ query }) => {
    const window = windowMinutes(new Date(), query.minutes ?? DEFAULT_LOG_MINUTES);
    const counts = await clickStore().minuteCounts(window[0], window[window.length - 1]);
    const total = await clickStore().total(true);
    return reply(200, buildClickLog(window, counts, total));
  },
});
