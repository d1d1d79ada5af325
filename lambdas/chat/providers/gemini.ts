import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GoogleGenAI } from '@google/genai';
import type { AwsClientSettings } from '../../shared/env';
import { ProviderError, estimateTokens, type ChatProvider, type ChatRequest } from './provider';

export const secretsClient = (settings: AwsClientSettings): SecretsManagerClient =>
  new SecretsManagerClient(settings);

/**
 * Reads the Gemini API key from Secrets Manager once per container. The key lives only in memory:
 * never in environment variables, configuration or logs.
 */
export function secretReader(secretId: string, client: SecretsManagerClient): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () => {
    key ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then((secret) => {
      const value = secret.SecretString?.trim();
      if (!value) throw new ProviderError('unavailable', 'the Gemini API key secret is empty');
      return value;
    });
    // A failed read is not cached: the next message tries again.
    key.catch(() => (key = undefined));
    return key;
  };
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 503, 504]);

type GeminiRequest = Parameters<GoogleGenAI['models']['generateContent']>[0];

/** The request, the same for a whole reply and a streamed one. */
const contentRequest = (model: string, request: ChatRequest): GeminiRequest => ({
  model,
  contents: [...request.history, { role: 'user' as const, text: request.message }].map((turn) => ({
    role: turn.role === 'assistant' ? 'model' : 'user',
    parts: [{ text: turn.text }],
  })),
  config: {
    systemInstruction: request.system,
    maxOutputTokens: 400,
    temperature: 0.5,
    abortSignal: request.signal,
  },
});

function geminiFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || error instanceof ProviderError) return error;
  const status = (error as { status?: unknown }).status;
  return new ProviderError(
    typeof status === 'number' && RETRYABLE_STATUS.has(status) ? 'unavailable' : 'failed',
    `Gemini answered ${typeof status === 'number' ? status : 'an error'}`,
  );
}

/** Google Gemini through @google/genai. `baseUrl` exists for tests, which point it at a local stub. */
export function geminiProvider(model: string, apiKey: () => Promise<string>, baseUrl?: string): ChatProvider {
  let client: { key: string; ai: GoogleGenAI } | undefined;
  const connect = async (): Promise<GoogleGenAI> => {
    let key: string;
    try {
      key = await apiKey();
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError('unavailable', 'the Gemini API key could not be read');
    }
    if (client?.key !== key) {
      client = {
        key,
        // The platform fetch: our own deadline bounds every call, so the SDK's timeout-free dispatcher
        // (which also needs Undici's process-wide globals) is not wanted.
        ai: new GoogleGenAI({
          apiKey: key,
          httpOptions: { baseUrl, fetch: (input, init) => fetch(input, init) },
        }),
      };
    }
    return client.ai;
  };
  return {
    name: 'gemini',
    async reply(request) {
      const ai = await connect();
      let text: string | undefined;
      let tokens: number | undefined;
      try {
        const answer = await ai.models.generateContent(contentRequest(model, request));
        text = answer.text?.trim();
        tokens = answer.usageMetadata?.totalTokenCount;
      } catch (error) {
        throw geminiFailure(error, request.signal);
      }
      if (!text) throw new ProviderError('failed', 'Gemini returned no text');
      return { text, tokens: tokens ?? estimateTokens(request, text) };
    },

    async *stream(request) {
      const ai = await connect();
      let text = '';
      let tokens: number | undefined;
      try {
        for await (const chunk of await ai.models.generateContentStream(contentRequest(model, request))) {
          const delta = chunk.text;
          if (delta) {
            text += delta;
            yield { text: delta };
          }
          tokens = chunk.usageMetadata?.totalTokenCount ?? tokens;
        }
      } catch (error) {
        throw geminiFailure(error, request.signal);
      }
      if (!text.trim()) throw new ProviderError('failed', 'Gemini returned no text');
      yield { tokens: tokens ?? estimateTokens(request, text) };
    },
  };
}
