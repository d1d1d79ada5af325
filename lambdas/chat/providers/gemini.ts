import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GoogleGenAI } from '@google/genai';
import type { AwsClientSettings } from '../../shared/env';
import { ProviderError, estimateTokens, type ChatProvider } from './provider';

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

/** Google Gemini through @google/genai. `baseUrl` exists for tests, which point it at a local stub. */
export function geminiProvider(model: string, apiKey: () => Promise<string>, baseUrl?: string): ChatProvider {
  let client: { key: string; ai: GoogleGenAI } | undefined;
  return {
    name: 'gemini',
    async reply(request) {
      const { system, history, message, signal } = request;
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
      let text: string | undefined;
      let tokens: number | undefined;
      try {
        const answer = await client.ai.models.generateContent({
          model,
          contents: [...history, { role: 'user' as const, text: message }].map((turn) => ({
            role: turn.role === 'assistant' ? 'model' : 'user',
            parts: [{ text: turn.text }],
          })),
          config: { systemInstruction: system, maxOutputTokens: 400, temperature: 0.5, abortSignal: signal },
        });
        text = answer.text?.trim();
        tokens = answer.usageMetadata?.totalTokenCount;
      } catch (error) {
        if (signal.aborted) throw error;
        const status = (error as { status?: unknown }).status;
        throw new ProviderError(
          typeof status === 'number' && RETRYABLE_STATUS.has(status) ? 'unavailable' : 'failed',
          `Gemini answered ${typeof status === 'number' ? status : 'an error'}`,
        );
      }
      if (!text) throw new ProviderError('failed', 'Gemini returned no text');
      return { text, tokens: tokens ?? estimateTokens(request, text) };
    },
  };
}
