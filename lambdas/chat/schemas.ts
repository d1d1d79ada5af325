import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';
import { TIME_ORDERED_ID } from '../shared/ids';
import { pageQuery } from '../shared/pagination';

const conversationId = z.string().check(z.regex(TIME_ORDERED_ID, 'is not a conversation id'));

const message = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
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

export const chatSchemas = {
  postChat: {
    body: z.strictObject({
      message: z
        .string({ error: 'must be a string' })
        .check(
          z.trim(),
          z.minLength(1, 'must not be empty'),
          z.maxLength(2000, 'must be at most 2000 characters'),
        ),
      conversationId: z.optional(conversationId),
    }),
    response: z.object({
      conversationId: z.string(),
      reply: z.extend(message, { role: z.literal('assistant') }),
      provider: providerName,
    }),
    // 409: at the cap of conversations per user (CONVERSATION_LIMIT) or of messages per conversation
    // (MESSAGE_LIMIT). 429: the per-minute rate or the daily quota. 503: the model is not answering,
    // or the stage's daily token budget is spent (Retry-After: until midnight UTC).
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
