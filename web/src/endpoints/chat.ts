/** RangerAI chat endpoints: send a message, and your stored conversations. */
import { api, ApiError, call, listQuery, pageOf, type Page, type ResponseBody } from '../api';

export type Conversation = ResponseBody<'getConversation'>;
/** Oldest first in a conversation. */
export type ChatMessage = Conversation['messages'][number];
export type ChatRole = ChatMessage['role'];
export type ConversationSummary = ResponseBody<'listConversations'>['conversations'][number];
export type ChatAnswer = ResponseBody<'postChat'>;

/**
 * `bedrock`, `gemini` or `local`: the offline advisor (deterministic tips, not a language model).
 * A string, not the answer's enum, because the page also reads it back from storage.
 */
export type ChatProviderName = string;

/** The server trims the message and takes 1..2000 characters. */
export const CHAT_MESSAGE_MAX = 2000;
/** The chat function may wait up to ~30 s for a model; give it that and a little more. */
const SEND_TIMEOUT_MS = 40_000;

export async function listConversations(
  cursor: string | null,
  signal?: AbortSignal,
  limit?: number,
): Promise<Page<ConversationSummary> & { readonly provider: ChatProviderName | null }> {
  const { data } = await call(
    (extras) =>
      api.GET('/api/chat/conversations', { params: { query: listQuery(cursor, limit) }, ...extras }),
    { auth: 'required', signal },
  );
  return { ...pageOf(data.conversations, data.next_cursor), provider: data.provider };
}

/** The server's largest page; a conversation is capped, so a few pages at most. */
const MESSAGE_PAGE_SIZE = 100;

/**
 * The whole conversation. Its messages come in pages from the latest back, each oldest first, so
 * every earlier page goes in front of what is loaded.
 */
export async function getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  let cursor: string | null = null;
  let first: Conversation | undefined;
  let messages: ChatMessage[] = [];
  do {
    const { data } = await call(
      (extras) =>
        api.GET('/api/chat/conversations/{id}', {
          params: { path: { id }, query: listQuery(cursor, MESSAGE_PAGE_SIZE) },
          ...extras,
        }),
      { auth: 'required', signal },
    );
    first ??= data;
    messages = [...data.messages, ...messages];
    cursor = data.next_cursor;
  } while (cursor !== null);
  return { ...first, messages };
}

export async function sendChatMessage(message: string, conversationId: string | null): Promise<ChatAnswer> {
  const body = conversationId ? { message, conversationId } : { message };
  const answer = await call((extras) => api.POST('/api/chat', { body, ...extras }), {
    auth: 'required',
    timeoutMs: SEND_TIMEOUT_MS,
  });
  return answer.data;
}

export async function deleteConversation(id: string): Promise<void> {
  await call(
    (extras) => api.DELETE('/api/chat/conversations/{id}', { params: { path: { id } }, ...extras }),
    {
      auth: 'required',
    },
  );
}

/**
 * After a 502/503 the server has kept the user's message, and says in which conversation (a new
 * one, if the message started it). Null for any other failure.
 */
export function keptConversationId(err: unknown): string | null {
  if (!(err instanceof ApiError) || (err.status !== 502 && err.status !== 503)) return null;
  const id = err.body.conversationId;
  return typeof id === 'string' && id !== '' ? id : null;
}
