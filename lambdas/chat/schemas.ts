import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';
import { STREAM_TOKEN_HEADER } from '../contract/routes';
import { TIME_ORDERED_ID } from '../shared/ids';
import { pageQuery } from '../shared/pagination';

const conversationId = z.string().check(z.regex(TIME_ORDERED_ID, 'is not a conversation id'));

const message = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
  incomplete: z
    .optional(z.literal(true))
    .check(z.describe('A reply the model did not finish (it failed, ran out of time or was stopped)')),
});

const providerName = z
  .enum(['bedrock', 'gemini', 'local'])
  .check(z.describe('`local` is the offline advisor, not a language model'));

const conversation = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const chatMessageBody = z.strictObject({
  message: z
    .string({ error: 'must be a string' })
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(2000, 'must be at most 2000 characters'),
    ),
  conversationId: z.optional(conversationId),
});

const assistantMessage = z.extend(message, { role: z.literal('assistant') });

/** One line of a streamed reply: `start`, then `delta`s, then `done` or `error`. */
export const streamLine = z.union([
  z.object({ type: z.literal('start'), conversationId: z.string(), provider: providerName }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('done'), conversationId: z.string(), reply: assistantMessage }),
  z.object({
    type: z.literal('error'),
    message: z.string(),
    incomplete: z.literal(true),
    conversationId: z.string(),
    reply: z
      .optional(assistantMessage)
      .check(z.describe('What arrived before the failure, kept as incomplete')),
  }),
]);
export type StreamLine = z.output<typeof streamLine>;

export const chatSchemas = {
  postChat: {
    body: chatMessageBody,
    response: z.object({
      conversationId: z.string(),
      reply: assistantMessage,
      provider: providerName,
    }),
    // 409: at the cap of conversations per user (CONVERSATION_LIMIT) or of messages per conversation
    // (MESSAGE_LIMIT). 429: the per-minute rate or the daily quota. 503: the model is not answering,
    // or the stage's daily token budget is spent (Retry-After: until midnight UTC).
    errors: [401, 404, 409, 429, 502, 503],
  },
  streamChat: {
    body: chatMessageBody,
    response: streamLine.check(
      z.describe(
        'Each line of the application/x-ndjson answer; refusals before the first line are JSON errors',
      ),
    ),
    headers: {
      [STREAM_TOKEN_HEADER]: {
        description: '"Bearer <access token>" (Authorization is CloudFront\'s)',
        maxLength: 8192,
      },
      'x-amz-content-sha256': {
        description: 'SHA-256 of the body, hex: CloudFront signs the request to the function with it',
        maxLength: 64,
      },
    },
    // As POST /api/chat; a failure of the model once the answer has begun is an `error` line.
    errors: [401, 404, 409, 429, 502, 503],
  },
  listConversations: {
    query: pageQuery,
    response: z.object({
      conversations: z.array(conversation),
      next_cursor: z.nullable(z.string()),
      provider: providerName.check(
        z.describe('Who answers new messages, so a page can say so before the first one'),
      ),
    }),
    errors: [401],
  },
  getConversation: {
    params: z.object({ id: conversationId }),
    query: pageQuery,
    response: z.object({
      id: z.string(),
      title: z.string(),
      messages: z
        .array(message)
        .check(z.describe('A page of messages, oldest first; the first page holds the latest ones')),
      next_cursor: z
        .nullable(z.string())
        .check(z.describe('Leads to the page of earlier messages; null when this page reaches the start')),
    }),
    errors: [401, 404],
  },
  deleteConversation: {
    params: z.object({ id: conversationId }),
    successStatus: 204,
    errors: [401, 404],
  },
} satisfies AreaSchemas<'chat'>;
