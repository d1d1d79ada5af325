/** What the chat page knows: the conversation on screen, a reply on its way, and who answers. */
import type { ChatProviderName } from '../../endpoints/chat';

/** The provider of the last answer, kept so the page can say who answers before the next one. */
const PROVIDER_KEY = 'cloudclicker.chat-provider';
export const PENDING_TEXT = 'RangerAI is thinking…';
export const UNTITLED = 'Untitled conversation';

export interface ChatState {
  /** The conversation on screen; null until the first message of a new one is kept. */
  openId: string | null;
  /** Bumped whenever another conversation is put on screen, so late answers do not land in it. */
  screen: number;
  loading: AbortController | undefined;
  /** The reply on its way: aborting it is the stop button. */
  replying: AbortController | undefined;
  /** The last message that got no answer, offered again by its "Try again". */
  unanswered: { text: string; item: HTMLLIElement } | null;
}

export const chatState = (): ChatState => ({
  openId: null,
  screen: 0,
  loading: undefined,
  replying: undefined,
  unanswered: null,
});

/** Until the server's title is known, a new conversation is named by its first message, on one line. */
export const titleOf = (message: string): string => message.replace(/\s+/g, ' ').trim();

export const conversationTitle = (summary: { title: string }): string =>
  summary.title.trim() === '' ? UNTITLED : summary.title;

export function rememberedProvider(): string | null {
  try {
    return window.localStorage.getItem(PROVIDER_KEY);
  } catch {
    return null;
  }
}

export function rememberProvider(provider: string): void {
  try {
    window.localStorage.setItem(PROVIDER_KEY, provider);
  } catch {
    // Not kept: the note shows again after the next answer.
  }
}

/** "RangerAI (offline advisor)" for local mode, else "RangerAI (bedrock)". */
export function assistantName(provider: ChatProviderName | null): string {
  if (provider === null) return 'RangerAI';
  return provider === 'local' ? 'RangerAI (offline advisor)' : `RangerAI (${provider})`;
}
