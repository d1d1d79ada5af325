import { BedrockRuntimeClient, ConverseCommand, type Message } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsClientSettings } from '../../shared/env';
import { ProviderError, estimateTokens, type ChatProvider } from './provider';

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'InternalServerException',
]);

/**
 * Amazon Bedrock through the Converse API, signed with the function's IAM role. HTTP/1.1: Converse
 * does not stream, and a plain handler lets tests point the real client at a local stub.
 */
export const bedrockClient = (settings: AwsClientSettings): BedrockRuntimeClient =>
  new BedrockRuntimeClient({ ...settings, requestHandler: new NodeHttpHandler(), maxAttempts: 2 });

export function bedrockProvider(modelId: string, client: BedrockRuntimeClient): ChatProvider {
  return {
    name: 'bedrock',
    async reply(request) {
      const { system, history, message, signal } = request;
      const messages: Message[] = [...history, { role: 'user' as const, text: message }].map((turn) => ({
        role: turn.role,
        content: [{ text: turn.text }],
      }));
      let answer;
      try {
        answer = await client.send(
          new ConverseCommand({
            modelId,
            system: [{ text: system }],
            messages,
            inferenceConfig: { maxTokens: 400, temperature: 0.5 },
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (signal.aborted) throw error;
        const name = error instanceof Error ? error.name : 'Error';
        throw new ProviderError(RETRYABLE.has(name) ? 'unavailable' : 'failed', `Bedrock answered ${name}`);
      }
      const text = (answer.output?.message?.content ?? [])
        .map((block) => block.text ?? '')
        .join('')
        .trim();
      if (!text) throw new ProviderError('failed', 'Bedrock returned no text');
      return { text, tokens: answer.usage?.totalTokens ?? estimateTokens(request, text) };
    },
  };
}
