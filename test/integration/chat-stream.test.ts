import type { LocalRuntime } from '../../lib/local/runtime';
import { apiClient, contractProblem } from '../support/api';
import type { Stub } from '../support/llm-stubs';
import { LOCAL_MODE_START_MS } from '../support/local-process';
import { type LocalWithModelStub, startLocalWithModelStub } from '../support/local-with-model-stub';

interface Line {
  type: string;
  text?: string;
  conversationId?: string;
  message?: string;
  incomplete?: boolean;
  reply?: { role: string; text: string; incomplete?: boolean };
}
interface Conversation {
  messages: { role: string; text: string; incomplete?: boolean }[];
}

/**
 * POST /api/chat/stream through local mode's gateway, the streaming handler and the real Bedrock SDK
 * against a ConverseStream stub: lines arrive as the model writes, and a reply that fails part-way,
 * or that the viewer stops, is kept and marked incomplete.
 */
describe('RangerAI streamed replies', () => {
  let stub: Stub;
  let local: LocalRuntime;
  let started: LocalWithModelStub | undefined;

  beforeAll(async () => {
    started = await startLocalWithModelStub('chat-stream', { providerTimeoutMs: 5000 });
    ({ local, stub } = started);
  }, LOCAL_MODE_START_MS);

  afterAll(async () => {
    await started?.stop();
  });

  const post = (token: string | undefined, body: unknown, signal?: AbortSignal) =>
    fetch(`${local.url}/api/chat/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { 'x-cloudclicker-token': `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });

  /** Reads the answer line by line, noting when each arrived. */
  async function readLines(response: Response): Promise<{ line: Line; at: number }[]> {
    const lines: { line: Line; at: number }[] = [];
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) {
        expect(contractProblem('POST', '/api/chat/stream', 200, part)).toBeUndefined();
        lines.push({ line: JSON.parse(part) as Line, at: Date.now() });
      }
    }
    expect(pending).toBe('');
    return lines;
  }

  it('sends each chunk as the model writes it, then the stored reply; the conversation keeps both messages', async () => {
    const { newUser, call } = apiClient(local.url);
    const { token } = await newUser('streamer');
    stub.behave({ kind: 'stream', chunks: ['Pack ', 'warm ', 'layers ', 'for Denali.'], intervalMs: 150 });
    const response = await post(token, { message: 'Denali in June?' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = await readLines(response);
    expect(lines.map(({ line }) => line.type)).toEqual(['start', 'delta', 'delta', 'delta', 'delta', 'done']);
    expect(lines.slice(1, 5).map(({ line }) => line.text)).toEqual([
      'Pack ',
      'warm ',
      'layers ',
      'for Denali.',
    ]);
    // Streamed, not buffered: the first text arrived well before the last.
    expect(lines[4].at - lines[1].at).toBeGreaterThanOrEqual(300);
    const done = lines[5].line;
    expect(done.reply).toEqual({
      role: 'assistant',
      text: 'Pack warm layers for Denali.',
      createdAt: expect.any(String),
    });
    const conversation = await call<Conversation>('GET', `/api/chat/conversations/${done.conversationId}`, {
      token,
    });
    expect(conversation.body.messages.map((m) => [m.role, m.text, m.incomplete])).toEqual([
      ['user', 'Denali in June?', undefined],
      ['assistant', 'Pack warm layers for Denali.', undefined],
    ]);
  }, 30_000);

  it('keeps a reply that fails part-way, marked incomplete, and the conversation goes on', async () => {
    const { newUser, call } = apiClient(local.url);
    const { token } = await newUser('broken');
    stub.behave({ kind: 'stream', chunks: ['Carry ', 'bear '], intervalMs: 20, fail: true });
    const lines = (await readLines(await post(token, { message: 'Bears in Glacier?' }))).map(
      ({ line }) => line,
    );
    const last = lines[lines.length - 1];
    expect(last).toMatchObject({
      type: 'error',
      incomplete: true,
      message: expect.stringMatching(/saved/),
      reply: { role: 'assistant', text: 'Carry bear', incomplete: true },
    });
    // The model's own words about its failure stay in the function's log.
    expect(JSON.stringify(last)).not.toMatch(/stub stream failure/i);

    stub.requests.length = 0;
    stub.behave({ kind: 'stream', chunks: ['Use ', 'a canister.'], intervalMs: 10 });
    const next = (
      await readLines(await post(token, { message: 'And food?', conversationId: last.conversationId }))
    ).map(({ line }) => line);
    expect(next[next.length - 1]).toMatchObject({ type: 'done', reply: { text: 'Use a canister.' } });
    // The model sees the cut-off reply as it was kept.
    expect(stub.requests[0].body.messages).toEqual([
      { role: 'user', content: [{ text: 'Bears in Glacier?' }] },
      { role: 'assistant', content: [{ text: 'Carry bear' }] },
      { role: 'user', content: [{ text: 'And food?' }] },
    ]);
    const conversation = await call<Conversation>('GET', `/api/chat/conversations/${last.conversationId}`, {
      token,
    });
    expect(conversation.body.messages.map((m) => m.incomplete)).toEqual([
      undefined,
      true,
      undefined,
      undefined,
    ]);
  }, 30_000);

  it('keeps what arrived when the viewer stops the reply', async () => {
    const { newUser, call } = apiClient(local.url);
    const { token } = await newUser('stopper');
    stub.behave({ kind: 'stream', chunks: ['One, ', 'two, ', 'three, ', 'four.'], intervalMs: 400 });
    const controller = new AbortController();
    const response = await post(token, { message: 'Count for me' }, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('"delta"')) seen += new TextDecoder().decode((await reader.read()).value);
    const conversationId = (JSON.parse(seen.split('\n')[0]) as Line).conversationId;
    controller.abort();
    let messages: Conversation['messages'] = [];
    for (let i = 0; i < 40 && messages.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      messages = (await call<Conversation>('GET', `/api/chat/conversations/${conversationId}`, { token }))
        .body.messages;
    }
    expect(messages[1]).toMatchObject({ role: 'assistant', incomplete: true });
    expect('One, two, three, four.'.startsWith(messages[1].text)).toBe(true);
  }, 30_000);

  it('takes the token only from x-cloudclicker-token, and refuses bad bodies before streaming', async () => {
    const { newUser } = apiClient(local.url);
    const { token } = await newUser('streamauth');
    expect((await post(undefined, { message: 'hi' })).status).toBe(401);
    const viaAuthorization = await fetch(`${local.url}/api/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'hi' }),
    });
    expect(viaAuthorization.status).toBe(401);
    const empty = await post(token, { message: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ fields: { message: expect.any(String) } });
    const oversized = await post(token, { message: 'x'.repeat(20_000) });
    expect(oversized.status).toBe(413);
  }, 30_000);
});
