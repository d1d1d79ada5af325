import { REPLY_MARGIN_MS } from '../../lambdas/chat/deadline';
import { compileRoute, lambdaContext, matchRoute, toApiEvent } from '../../lib/local/api-event';
import { loadHandlers } from '../../lib/local/handlers';
import type { LocalRuntime } from '../../lib/local/runtime';
import { routes } from '../../lambdas/contract/routes';
import { apiClient } from '../support/api';
import type { Stub } from '../support/llm-stubs';
import { LOCAL_MODE_START_MS } from '../support/local-process';
import { type LocalWithModelStub, startLocalWithModelStub } from '../support/local-with-model-stub';

interface Conversation {
  messages: { role: string; text: string }[];
}

/**
 * Local mode with the bedrock provider, its real SDK pointed at a local Converse stub: a failing or
 * slow model answers 502/503 with a clear message, and nothing the user wrote is lost.
 */
describe('RangerAI when the model fails', () => {
  let stub: Stub;
  let local: LocalRuntime;
  let started: LocalWithModelStub | undefined;

  beforeAll(async () => {
    started = await startLocalWithModelStub('chat-failures', { providerTimeoutMs: 1000 });
    ({ local, stub } = started);
  }, LOCAL_MODE_START_MS);

  afterAll(async () => {
    await started?.stop();
  });

  it('keeps the conversation usable through a model error and a timeout', async () => {
    const { call, newUser } = apiClient(local.url);
    const { token } = await newUser('failing');

    stub.behave({ kind: 'reply', text: 'Bring layers.' });
    const first = await call<{ conversationId: string; reply: { text: string }; provider: string }>(
      'POST',
      '/api/chat',
      {
        token,
        body: { message: 'Packing for Glacier?' },
      },
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reply: { text: 'Bring layers.' }, provider: 'bedrock' });
    const conversationId = first.body.conversationId;

    stub.behave({
      kind: 'error',
      status: 400,
      body: { message: 'rejected' },
      headers: { 'x-amzn-errortype': 'ValidationException' },
    });
    const failed = await call('POST', '/api/chat', {
      token,
      body: { message: 'What about grizzlies?', conversationId },
    });
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ conversationId, message: expect.stringMatching(/saved/) });
    expect(JSON.stringify(failed.body)).not.toMatch(/ValidationException|rejected/);

    stub.behave({ kind: 'slow', ms: 4000, text: 'too late' });
    const slow = await call('POST', '/api/chat', {
      token,
      body: { message: 'And lightning?', conversationId },
    });
    expect(slow.status).toBe(503);
    expect(Number(slow.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(slow.body).toMatchObject({ conversationId });

    const kept = await call<Conversation>('GET', `/api/chat/conversations/${conversationId}`, { token });
    expect(kept.body.messages).toEqual([
      { role: 'user', text: 'Packing for Glacier?', createdAt: expect.any(String) },
      { role: 'assistant', text: 'Bring layers.', createdAt: expect.any(String) },
      { role: 'user', text: 'What about grizzlies?', createdAt: expect.any(String) },
      { role: 'user', text: 'And lightning?', createdAt: expect.any(String) },
    ]);

    stub.behave({ kind: 'reply', text: 'Bear spray, and get low in storms.' });
    stub.requests.length = 0;
    const recovered = await call('POST', '/api/chat', {
      token,
      body: { message: 'Thanks!', conversationId },
    });
    expect(recovered.status).toBe(200);
    // The model sees the unanswered questions too, joined to the new one so roles still alternate.
    expect(stub.requests[0].body.messages).toEqual([
      { role: 'user', content: [{ text: 'Packing for Glacier?' }] },
      { role: 'assistant', content: [{ text: 'Bring layers.' }] },
      { role: 'user', content: [{ text: 'What about grizzlies?\n\nAnd lightning?\n\nThanks!' }] },
    ]);
  }, 30_000);

  it('waits for the model only as long as the invocation has left, less the time to save the reply', async () => {
    const { newUser } = apiClient(local.url);
    const { token } = await newUser('deadline');
    stub.behave({ kind: 'slow', ms: 4000, text: 'too late' });
    const matched = matchRoute(routes.map(compileRoute), 'POST', '/api/chat');
    if (!matched) throw new Error('POST /api/chat is not routed');
    const event = toApiEvent(
      {
        method: 'POST',
        url: '/api/chat',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ message: 'Is it safe to swim in Yellowstone?' })),
        sourceIp: '127.0.0.1',
      },
      matched,
    );
    const { chat } = await loadHandlers(local.functions);
    const started = Date.now();
    // An invocation with 300 ms to spare after the margin: well under this stage's 1 s bound.
    const answer = await chat(event, lambdaContext('chat', REPLY_MARGIN_MS + 300));
    const elapsed = Date.now() - started;
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(String(answer.body))).toMatchObject({
      message: expect.stringMatching(/not answering/),
    });
    expect(elapsed).toBeLessThan(900);
  }, 30_000);
});
