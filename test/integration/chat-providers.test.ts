import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SYSTEM_PROMPT } from '../../lambdas/chat/domain';
import { bedrockProvider } from '../../lambdas/chat/providers/bedrock';
import { geminiProvider, secretReader } from '../../lambdas/chat/providers/gemini';
import {
  ProviderError,
  withTimeout,
  type ChatProvider,
  type ChatTurn,
} from '../../lambdas/chat/providers/provider';
import {
  type RecordedRequest,
  startBedrockStub,
  startGeminiStub,
  startSecretsManagerStub,
  type Stub,
} from '../support/llm-stubs';

const history: ChatTurn[] = [
  { role: 'user', text: 'We are going to Denali in June.' },
  { role: 'assistant', text: 'Pack for rain and cold nights.' },
  { role: 'user', text: 'What about bears?' },
  { role: 'assistant', text: 'Carry bear spray and use a canister.' },
];
const credentials = { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' };

const ask = (provider: ChatProvider, timeoutMs = 5000) =>
  withTimeout(timeoutMs, (signal) =>
    provider.reply({ system: SYSTEM_PROMPT, history, message: 'And water?', signal }),
  );

/** Collects a streamed reply: the text chunks as they came, and the token use at the end. */
async function collect(
  provider: ChatProvider,
): Promise<{ chunks: string[]; tokens?: number; error?: unknown }> {
  const chunks: string[] = [];
  let tokens: number | undefined;
  const signal = new AbortController().signal;
  try {
    for await (const chunk of provider.stream({
      system: SYSTEM_PROMPT,
      history,
      message: 'And water?',
      signal,
    })) {
      if ('text' in chunk) chunks.push(chunk.text);
      else tokens = chunk.tokens;
    }
  } catch (error) {
    return { chunks, tokens, error };
  }
  return { chunks, tokens };
}

const STREAMED = ['Boil ', 'or filter ', 'all water.'];

async function expectProviderError(
  promise: Promise<unknown>,
  kind: ProviderError['kind'],
): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).kind).toBe(kind);
  return error as ProviderError;
}

describe('bedrock provider (real SDK against a local Converse stub)', () => {
  let stub: Stub;
  let provider: ChatProvider;

  beforeAll(async () => {
    stub = await startBedrockStub();
    const client = new BedrockRuntimeClient({
      endpoint: stub.url,
      region: 'us-east-1',
      credentials,
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
    provider = bedrockProvider('amazon.nova-lite-v1:0', client);
  });
  afterAll(() => stub.close());
  beforeEach(() => stub.behave({ kind: 'reply', text: 'Filter or boil all water.' }));

  it('sends the model, the system prompt and the whole history in order, signed with SigV4', async () => {
    stub.requests.length = 0;
    // The tokens are Converse's usage.totalTokens, which the stub reports as 20.
    expect(await ask(provider)).toEqual({ text: 'Filter or boil all water.', tokens: 20 });
    const [request] = stub.requests;
    expect(request.method).toBe('POST');
    expect(decodeURIComponent(request.path)).toBe('/model/amazon.nova-lite-v1:0/converse');
    expect(String(request.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTUB\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    expect(request.headers['x-amz-date']).toBeDefined();
    expect(request.body.system).toEqual([{ text: SYSTEM_PROMPT }]);
    expect(request.body.messages).toEqual([
      ...history.map((turn) => ({ role: turn.role, content: [{ text: turn.text }] })),
      { role: 'user', content: [{ text: 'And water?' }] },
    ]);
  });

  it('maps throttling to unavailable (503) and a rejected request to failed (502)', async () => {
    stub.behave({
      kind: 'error',
      status: 429,
      body: { message: 'slow down' },
      headers: { 'x-amzn-errortype': 'ThrottlingException' },
    });
    await expectProviderError(ask(provider), 'unavailable');
    stub.behave({
      kind: 'error',
      status: 400,
      body: { message: 'bad input' },
      headers: { 'x-amzn-errortype': 'ValidationException' },
    });
    await expectProviderError(ask(provider), 'failed');
    stub.behave({
      kind: 'error',
      status: 500,
      body: { message: 'boom' },
      headers: { 'x-amzn-errortype': 'InternalServerException' },
    });
    await expectProviderError(ask(provider), 'unavailable');
  });

  it('streams the reply chunk by chunk from ConverseStream, with the same model, history and signature', async () => {
    stub.requests.length = 0;
    stub.behave({ kind: 'stream', chunks: STREAMED, intervalMs: 5 });
    // The tokens are the metadata event's usage.totalTokens, which the stub reports as 30.
    expect(await collect(provider)).toEqual({ chunks: STREAMED, tokens: 30 });
    const [request] = stub.requests;
    expect(decodeURIComponent(request.path)).toBe('/model/amazon.nova-lite-v1:0/converse-stream');
    expect(String(request.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDSTUB\//);
    expect(request.body.system).toEqual([{ text: SYSTEM_PROMPT }]);
    expect(request.body.messages).toEqual([
      ...history.map((turn) => ({ role: turn.role, content: [{ text: turn.text }] })),
      { role: 'user', content: [{ text: 'And water?' }] },
    ]);
  });

  it('turns an exception part-way through the stream into a ProviderError after the chunks so far', async () => {
    stub.behave({ kind: 'stream', chunks: STREAMED.slice(0, 2), intervalMs: 5, fail: true });
    const { chunks, error } = await collect(provider);
    expect(chunks).toEqual(STREAMED.slice(0, 2));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('unavailable');
  });

  it('gives up at the deadline when the model is slow', async () => {
    stub.behave({ kind: 'slow', ms: 3000, text: 'too late' });
    const started = Date.now();
    const error = await expectProviderError(ask(provider, 300), 'unavailable');
    expect(error.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('gemini provider (real SDK against a local Gemini stub, key from a Secrets Manager stub)', () => {
  let gemini: Stub;
  let secrets: Stub;
  let provider: ChatProvider;

  beforeAll(async () => {
    [gemini, secrets] = await Promise.all([startGeminiStub(), startSecretsManagerStub('test-gemini-key')]);
    const secretsClient = new SecretsManagerClient({
      endpoint: secrets.url,
      region: 'us-east-1',
      credentials,
    });
    provider = geminiProvider(
      'gemini-2.5-flash',
      secretReader('gemini-secret-arn', secretsClient),
      gemini.url,
    );
  });
  afterAll(async () => Promise.all([gemini.close(), secrets.close()]));
  beforeEach(() => gemini.behave({ kind: 'reply', text: 'Carry two litres per person.' }));

  it('sends the key header, the model, the system instruction and the whole history in order', async () => {
    gemini.requests.length = 0;
    // The tokens are usageMetadata.totalTokenCount, which the stub reports as 20.
    expect(await ask(provider)).toEqual({ text: 'Carry two litres per person.', tokens: 20 });
    const [request] = gemini.requests;
    expect(request.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expectGeminiRequest(request);
  });

  it('streams the reply chunk by chunk from streamGenerateContent, with the key, model and history', async () => {
    gemini.requests.length = 0;
    gemini.behave({ kind: 'stream', chunks: STREAMED, intervalMs: 5 });
    expect(await collect(provider)).toEqual({ chunks: STREAMED, tokens: 30 });
    const [request] = gemini.requests;
    expect(request.path).toMatch(/\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
    expectGeminiRequest(request);
  });

  it('turns an error part-way through the stream into a ProviderError after the chunks so far', async () => {
    gemini.behave({ kind: 'stream', chunks: STREAMED.slice(0, 2), intervalMs: 5, fail: true });
    const { chunks, error } = await collect(provider);
    expect(chunks).toEqual(STREAMED.slice(0, 2));
    expect(error).toBeInstanceOf(ProviderError);
  });

  it('reads the key from Secrets Manager once per container', async () => {
    await ask(provider);
    await ask(provider);
    const reads = secrets.requests.filter(
      (r) => r.headers['x-amz-target'] === 'secretsmanager.GetSecretValue',
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].body).toEqual({ SecretId: 'gemini-secret-arn' });
  });

  it('maps 503 to unavailable, 400 to failed, and a slow answer to a timeout', async () => {
    gemini.behave({
      kind: 'error',
      status: 503,
      body: { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } },
    });
    await expectProviderError(ask(provider), 'unavailable');
    gemini.behave({
      kind: 'error',
      status: 400,
      body: { error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } },
    });
    await expectProviderError(ask(provider), 'failed');
    gemini.behave({ kind: 'slow', ms: 3000, text: 'late' });
    expect((await expectProviderError(ask(provider, 300), 'unavailable')).timedOut).toBe(true);
  });
});

/** What every Gemini request must carry: the key, the system prompt and the history in Gemini's roles. */
function expectGeminiRequest(request: RecordedRequest): void {
  expect(request.headers['x-goog-api-key']).toBe('test-gemini-key');
  expect(JSON.stringify(request.body)).toContain(SYSTEM_PROMPT);
  expect(request.body.contents).toEqual([
    ...history.map((turn) => ({
      role: turn.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: turn.text }],
    })),
    { role: 'user', parts: [{ text: 'And water?' }] },
  ]);
}
