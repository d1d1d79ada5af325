import { z } from 'zod';
import type { AreaSchemas } from '../shared/http';
import { TIME_ORDERED_ID } from '../shared/ids';
import { pageQuery } from '../shared/pagination';

const conversationId = z.string().regex(TIME_ORDERED_ID, 'is not a conversation id');

const message = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
});

const providerName = z
  .enum(['bedrock', 'gemini', 'local'])
  .describe('`local` is the offline advisor, not a language model');

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
        .trim()
        .min(1, 'must not be empty')
        .max(2000, 'must be at most 2000 characters'),
      conversationId: conversationId.optional(),
    }),
    response: z.object({
      conversationId: z.string(),
      reply: message.extend({ role: z.literal('assistant') }),
      provider: providerName,
    }),
    errors: [401, 404, 429, 502, 503],
  },
  listConversations: {
    query: pageQuery,
    response: z.object({
      conversations: z.array(conversation),
      next_cursor: z.string().nullable(),
      provider: providerName.describe('Who answers new messages, so a page can say so before the first one'),
    }),
    errors: [401],
  },
  getConversation: {
    params: z.object({ id: conversationId }),
    response: z.object({ id: z.string(), title: z.string(), messages: z.array(message) }),
    errors: [401, 404],
  },
  deleteConversation: {
    params: z.object({ id: conversationId }),
    successStatus: 204,
    errors: [401, 404],
  },
} satisfies AreaSchemas<'chat'>;
