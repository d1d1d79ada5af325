import { randomUUID } from 'node:crypto';
import { TOTALS_CHANNEL, isTotalsEvent, type TotalsEvent } from '../../lambdas/contract/live-events';
import { eventSigner, signedPostHeaders } from '../../lambdas/shared/event-signing';
import { api } from '../support/api';
import { readCounts } from '../support/clicks';
import { LiveClient, siteConfigOf, type LiveMessage } from '../support/live-client';

const client = api();
const baseUrl = process.env.API_URL ?? '';
const host = new URL(baseUrl).host;

const ofType =
  (type: string, id?: string) =>
  (m: LiveMessage): boolean =>
    m.type === type && (id === undefined || m.id === id);

/** A viewer as the page is one: connected and subscribed to the totals with the site's key. */
async function subscribedViewer(apiKey: string): Promise<{ live: LiveClient; id: string }> {
  const auth = { host, 'x-api-key': apiKey };
  const live = await LiveClient.connect(baseUrl, auth);
  live.send({ type: 'connection_init' });
  const ack = await live.next(ofType('connection_ack'));
  expect(ack.connectionTimeoutMs).toEqual(expect.any(Number));
  const id = randomUUID();
  live.send({ type: 'subscribe', id, channel: TOTALS_CHANNEL, authorization: auth });
  await live.next(ofType('subscribe_success', id));
  return { live, id };
}

describe('live totals (local mode speaks the AppSync Events protocol)', () => {
  let apiKey: string;
  const opened: LiveClient[] = [];

  beforeAll(async () => {
    const config = await siteConfigOf(baseUrl);
    apiKey = config.live?.apiKey ?? '';
    expect(apiKey).not.toBe('');
  });
  afterEach(() => {
    for (const live of opened.splice(0)) live.close();
  });

  it('an anonymous subscriber gets the new total within 1 s of another user’s click', async () => {
    const { live, id } = await subscribedViewer(apiKey);
    opened.push(live);
    const { token } = await client.newUser();
    /** Clicks, then waits for the push that holds the click; resolves with it and how long it took. */
    const clickAndHear = async (withinMs: number): Promise<{ pushed: LiveMessage; answeredAt: number }> => {
      const before = await readCounts(client);
      const clicked = await client.call('POST', '/api/clicks', { token });
      expect(clicked.status).toBe(200);
      const answeredAt = Date.now();
      const pushed = await live.next((m) => {
        if (m.type !== 'data' || m.id !== id) return false;
        const event = JSON.parse(String(m.event)) as unknown;
        return isTotalsEvent(event) && event.total >= before.total + 1;
      }, withinMs);
      return { pushed, answeredAt };
    };
    // The first click loads the click path's code in local mode (compiled on first use, where a
    // Lambda container would be warm): waited for, not timed.
    await clickAndHear(5_000);
    const { pushed, answeredAt } = await clickAndHear(1_000);
    expect(Date.now() - answeredAt).toBeLessThanOrEqual(1_000);
    const event = JSON.parse(String(pushed.event)) as TotalsEvent;
    expect(event.minute).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    // The click is in this minute, or (just after a minute ended) in the one before.
    expect(event.minuteClicks + event.previousMinuteClicks).toBeGreaterThanOrEqual(1);
  });

  it('refuses a viewer’s publish, and nobody receives it', async () => {
    const viewer = await subscribedViewer(apiKey);
    const other = await subscribedViewer(apiKey);
    opened.push(viewer.live, other.live);
    const id = randomUUID();
    const forged = JSON.stringify({
      total: 999_999_999,
      minute: '2000-01-01T00:00',
      minuteClicks: 1,
      previousMinuteClicks: 0,
    });
    viewer.live.send({
      type: 'publish',
      id,
      channel: TOTALS_CHANNEL,
      events: [forged],
      authorization: { host, 'x-api-key': apiKey },
    });
    const refused = await viewer.live.next(ofType('publish_error', id));
    expect(refused.errors).toEqual([expect.objectContaining({ errorType: 'UnauthorizedException' })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const leaked = [...viewer.live.pending(), ...other.live.pending()].filter(
      (m) => m.type === 'data' && m.event === forged,
    );
    expect(leaked).toEqual([]);
  });

  it('refuses an HTTP publish that is not signed with the aggregator’s credentials', async () => {
    const url = new URL('/event', baseUrl);
    const body = JSON.stringify({ channel: TOTALS_CHANNEL, events: ['{"total":1}'] });
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({ 'x-api-key': apiKey })).status).toBe(401);
    const wrongSecret = eventSigner('us-east-1', { accessKeyId: 'local', secretAccessKey: 'guessed' });
    const signed = await signedPostHeaders(wrongSecret, url, body);
    expect((await post(signed)).status).toBe(401);
    // The same request with the right credentials goes through, so the refusals above are about the signature.
    const right = eventSigner('us-east-1', { accessKeyId: 'local', secretAccessKey: 'local' });
    const good = await signedPostHeaders(right, url, body);
    expect((await post(good)).status).toBe(200);
  });

  it('refuses a connection without the key, and a subscription with a wrong key or outside the namespace', async () => {
    const anonymous = await LiveClient.connect(baseUrl, null);
    anonymous.send({ type: 'connection_init' });
    expect((await anonymous.next(ofType('connection_error'))).errors).toEqual([
      expect.objectContaining({ errorType: 'UnauthorizedException' }),
    ]);
    expect((await anonymous.closed).code).toBe(1008);

    const { live } = await subscribedViewer(apiKey);
    opened.push(live);
    const wrongKey = randomUUID();
    live.send({
      type: 'subscribe',
      id: wrongKey,
      channel: TOTALS_CHANNEL,
      authorization: { host, 'x-api-key': 'da2-guessed' },
    });
    await live.next(ofType('subscribe_error', wrongKey));
    const elsewhere = randomUUID();
    live.send({
      type: 'subscribe',
      id: elsewhere,
      channel: '/chat/secrets',
      authorization: { host, 'x-api-key': apiKey },
    });
    await live.next(ofType('subscribe_error', elsewhere));
    live.send({ type: 'unsubscribe', id: 'never-subscribed' });
    await live.next(ofType('unsubscribe_error'));
  });

  it('answers a malformed message with an error and keeps the connection', async () => {
    const { live, id } = await subscribedViewer(apiKey);
    opened.push(live);
    live.send({ type: 'bogus' });
    await live.next(ofType('error'));
    live.send({ type: 'unsubscribe', id });
    await live.next(ofType('unsubscribe_success', id));
  });
});
