import { REPLY_MARGIN_MS, providerDeadlineMs } from '../../lambdas/chat/deadline';
import { localAdvisor } from '../../lambdas/chat/providers/local-advisor';
import { estimateTokens } from '../../lambdas/chat/providers/provider';
import { secondsUntilUtcMidnight, utcDay } from '../../lambdas/chat/spend-ceiling';

describe('the chat day', () => {
  it('is the UTC date, and ends at midnight UTC whatever the local time zone', () => {
    const at = new Date('2026-12-04T23:59:30.500Z');
    expect(utcDay(at)).toBe('2026-12-04');
    expect(secondsUntilUtcMidnight(at)).toBe(30);
    expect(secondsUntilUtcMidnight(new Date('2026-12-05T00:00:00.000Z'))).toBe(24 * 60 * 60);
    expect(secondsUntilUtcMidnight(new Date('2026-12-05T12:00:00.000Z'))).toBe(12 * 60 * 60);
  });
});

describe('the provider deadline', () => {
  it('is the time the invocation has left, less the margin for saving the reply', () => {
    expect(providerDeadlineMs(30_000)).toBe(30_000 - REPLY_MARGIN_MS);
    expect(providerDeadlineMs(REPLY_MARGIN_MS + 250)).toBe(250);
    // Nothing left: the call is abandoned at once and the user gets a 503, not a Lambda timeout.
    expect(providerDeadlineMs(REPLY_MARGIN_MS - 1)).toBe(0);
  });

  it('never exceeds a shorter bound, when one is given', () => {
    expect(providerDeadlineMs(30_000, 1000)).toBe(1000);
    expect(providerDeadlineMs(REPLY_MARGIN_MS + 500, 1000)).toBe(500);
  });
});

describe('token use of the offline advisor', () => {
  it('is an estimate of about four characters a token over everything sent and the reply', async () => {
    const request = {
      system: 'x'.repeat(400),
      history: [{ role: 'user' as const, text: 'y'.repeat(40) }],
      message: 'What about water in Zion?',
    };
    const answer = await localAdvisor.reply({ ...request, signal: new AbortController().signal });
    expect(answer.tokens).toBe(estimateTokens(request, answer.text));
    expect(answer.tokens).toBe(Math.ceil((400 + 40 + request.message.length + answer.text.length) / 4));
  });
});
