/** RangerAI chat endpoints: send a message, and your stored conversations. */
import {
  apiFetch,
  ApiError,
  asObject,
  listQuery,
  pageOf,
  segment,
  stringField,
  type Json,
  type Page,
} from '../api';

export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly text: string;
  readonly createdAt: string;
}

export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Conversation {
  readonly id: string;
  readonly title: string;
  /** Oldest first. */
  readonly messages: readonly ChatMessage[];
}

/** `bedrock`, `gemini` or `local`: the offline advisor (deterministic tips, not a language model). */
export type ChatProviderName = string;

export interface ChatAnswer {
  readonly conversationId: string;
  readonly reply: ChatMessage;
  readonly provider: ChatProviderName;
}

/** The server trims the message and takes 1..2000 characters. */
export const CHAT_MESSAGE_MAX = 2000;
/** The chat function may wait up to ~30 s for a model; give it that and a little more. */
const SEND_TIMEOUT_MS = 40_000;

function readMessage(body: Json): ChatMessage {
  return {
    role: stringField(body, 'role') === 'assistant' ? 'assistant' : 'user',
    text: stringField(body, 'text'),
    createdAt: stringField(body, 'createdAt'),
  };
}

function readSummary(body: Json): ConversationSummary {
  return {
    id: stringField(body, 'id'),
    title: stringField(body, 'title'),
    createdAt: stringField(body, 'createdAt'),
    updatedAt: stringField(body, 'updatedAt'),
  };
}

export async function listConversations(
  cursor: string | null,
  signal?: AbortSignal,
  limit?: number,
): Promise<Page<ConversationSummary> & { readonly provider: ChatProviderName | null }> {
  const body = asObject(
    await apiFetch(`/api/chat/conversations${listQuery(cursor, limit)}`, { auth: 'required', signal }),
  );
  const provider = typeof body.provider === 'string' ? body.provider : null;
  return { ...pageOf(body, 'conversations', readSummary), provider };
}

/** The server's largest page; a conversation is capped, so a few pages at most. */
const MESSAGE_PAGE_SIZE = 100;

/**
 * The whole conversation. Its messages come in pages from the latest back, each oldest first, so
 * every earlier page goes in front of what is loaded.
 */
export async function getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  let cursor: string | null = null;
  let title = '';
  let messages: ChatMessage[] = [];
  do {
    const body = asObject(
      await apiFetch(`/api/chat/conversations/${segment(id)}${listQuery(cursor, MESSAGE_PAGE_SIZE)}`, {
        auth: 'required',
        signal,
      }),
    );
    if (cursor === null) title = typeof body.title === 'string' ? body.title : '';
    const page = pageOf(body, 'messages', readMessage);
    messages = [...page.items, ...messages];
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { id, title, messages };
}

export async function sendChatMessage(message: string, conversationId: string | null): Promise<ChatAnswer> {
  const body = asObject(
    await apiFetch('/api/chat', {
      method: 'POST',
      auth: 'required',
      body: conversationId ? { message, conversationId } : { message },
      timeoutMs: SEND_TIMEOUT_MS,
    }),
  );
  return {
    conversationId: stringField(body, 'conversationId'),
    reply: readMessage(asObject(body.reply, 'reply')),
    provider: stringField(body, 'provider'),
  };
}

export async function deleteConversation(id: string): Promise<void> {
  await apiFetch(`/api/chat/conversations/${segment(id)}`, { method: 'DELETE', auth: 'required' });
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
