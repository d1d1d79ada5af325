import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsClientSettings } from '../../shared/env';
import { ProviderError, estimateTokens, type ChatProvider, type ChatRequest } from './provider';

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'ModelNotReadyException',
  'ModelStreamErrorException',
  'InternalServerException',
]);

const INFERENCE = { maxTokens: 400, temperature: 0.5 };

/** The Converse API's input, the same for a whole reply and a streamed one. */
function converseInput(modelId: string, request: ChatRequest) {
  const { system, history, message } = request;
  const messages: Message[] = [...history, { role: 'user' as const, text: message }].map((turn) => ({
    role: turn.role,
    content: [{ text: turn.text }],
  }));
  return { modelId, system: [{ text: system }], messages, inferenceConfig: INFERENCE };
}

/** A failure of the call, or of the stream part-way (Bedrock sends those as exceptions in the stream). */
function bedrockFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return error;
  const name = error instanceof Error ? error.name : 'Error';
  return new ProviderError(RETRYABLE.has(name) ? 'unavailable' : 'failed', `Bedrock answered ${name}`);
}

/**
 * Amazon Bedrock through the Converse and ConverseStream APIs, signed with the function's IAM role.
 * HTTP/1.1: both work over it, and a plain handler lets tests point the real client at a local stub.
 */
export const bedrockClient = (settings: AwsClientSettings): BedrockRuntimeClient =>
  new BedrockRuntimeClient({ ...settings, requestHandler: new NodeHttpHandler(), maxAttempts: 2 });

export function bedrockProvider(modelId: string, client: BedrockRuntimeClient): ChatProvider {
  return {
    name: 'bedrock',
    async reply(request) {
      let answer;
      try {
        answer = await client.send(new ConverseCommand(converseInput(modelId, request)), {
          abortSignal: request.signal,
        });
      } catch (error) {
        throw bedrockFailure(error, request.signal);
      }
      const text = (answer.output?.message?.content ?? [])
        .map((block) => block.text ?? '')
        .join('')
        .trim();
      if (!text) throw new ProviderError('failed', 'Bedrock returned no text');
      return { text, tokens: answer.usage?.totalTokens ?? estimateTokens(request, text) };
    },

    async *stream(request) {
      let text = '';
      let tokens: number | undefined;
      try {
        const answer = await client.send(new ConverseStreamCommand(converseInput(modelId, request)), {
          abortSignal: request.signal,
        });
        for await (const event of answer.stream ?? []) {
          const delta = event.contentBlockDelta?.delta?.text;
          if (delta) {
            text += delta;
            yield { text: delta };
          }
          tokens = event.metadata?.usage?.totalTokens ?? tokens;
        }
      } catch (error) {
        throw bedrockFailure(error, request.signal);
      }
      if (!text.trim()) throw new ProviderError('failed', 'Bedrock returned no text');
      yield { tokens: tokens ?? estimateTokens(request, text) };
    },
  };
}
