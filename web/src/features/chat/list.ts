/** The list of your conversations, newest first, with "Load more". */
import { el } from '../../dom';
import { listConversations, type ConversationSummary } from '../../endpoints/chat';
import { byId } from '../../dom';
import { formatChatTime } from '../../format';
import { PagedList } from '../../paged-list';
import { conversationTitle, rememberProvider, titleOf, type ChatState } from './state';
import { type ChatElements, setTitle, showProvider } from './view';

export interface ChatPage {
  readonly els: ChatElements;
  readonly state: ChatState;
  readonly conversations: PagedList<ConversationSummary>;
}

export interface SummaryActions {
  open(id: string, title: string): void;
  remove(summary: ConversationSummary): void;
}

function renderSummary(
  summary: ConversationSummary,
  openId: string | null,
  actions: SummaryActions,
): HTMLLIElement {
  const title = conversationTitle(summary);
  const open = el(
    'button',
    {
      type: 'button',
      class: 'conversation-open',
      'data-action': 'open',
      'aria-current': summary.id === openId ? 'true' : undefined,
    },
    el('span', { class: 'conversation-title', title }, title),
    el(
      'span',
      { class: 'conversation-time' },
      el('span', { class: 'visually-hidden' }, 'Last message '),
      el('time', { datetime: summary.updatedAt }, formatChatTime(summary.updatedAt)),
    ),
  );
  open.addEventListener('click', () => actions.open(summary.id, title));
  const remove = el(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-danger-text conversation-delete',
      'data-action': 'delete',
      'aria-label': `Delete “${title}”`,
      title: `Delete “${title}”`,
    },
    'Delete',
  );
  remove.addEventListener('click', () => actions.remove(summary));
  return el('li', { class: 'conversation-item', 'data-conversation-id': summary.id }, open, remove);
}

export function conversationList(
  els: ChatElements,
  state: ChatState,
  actions: SummaryActions,
): PagedList<ConversationSummary> {
  return new PagedList<ConversationSummary>({
    list: byId('conversation-list', HTMLUListElement),
    moreButton: byId('conversations-more', HTMLButtonElement),
    status: els.conversationsStatus,
    empty: byId('conversations-empty', HTMLElement),
    noun: ['conversation', 'conversations'],
    // The list also says who answers, so the page can say it before the first message.
    fetchPage: async (cursor, signal) => {
      const page = await listConversations(cursor, signal);
      if (page.provider) {
        rememberProvider(page.provider);
        showProvider(els, page.provider);
      }
      return page;
    },
    keyOf: (summary) => summary.id,
    render: (summary) => renderSummary(summary, state.openId, actions),
  });
}

export function markCurrent(page: ChatPage): void {
  for (const summary of page.conversations.items) {
    const button = page.conversations.elementOf(summary.id)?.querySelector('[data-action="open"]');
    if (!button) continue;
    if (summary.id === page.state.openId) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

/** The list entry of a conversation that just got a message: added at the top when new. */
export async function noteActivity(
  page: ChatPage,
  id: string,
  firstMessage: string,
  at: string,
): Promise<void> {
  const { conversations } = page;
  const known = conversations.items.find((c) => c.id === id);
  if (known) {
    conversations.replace({ ...known, updatedAt: at });
    return;
  }
  // The server made the title; ask for it, and fall back to the first message meanwhile.
  let summary: ConversationSummary = { id, title: titleOf(firstMessage), createdAt: at, updatedAt: at };
  conversations.prepend(summary);
  try {
    const first = await listConversations(null, undefined, 5);
    const found = first.items.find((c) => c.id === id);
    if (found) summary = found;
  } catch {
    return;
  }
  if (conversations.items.some((c) => c.id === id)) conversations.replace(summary);
  if (page.state.openId === id) setTitle(page.els, conversationTitle(summary));
}
