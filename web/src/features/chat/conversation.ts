/** Putting a conversation on screen: a new one, a stored one, and deleting one. */
import { ApiError, messageOf } from '../../api';
import { confirmAction } from '../../confirm';
import { setText, showStatus } from '../../dom';
import { deleteConversation, getConversation, type ConversationSummary } from '../../endpoints/chat';
import { formatCount } from '../../format';
import { type ChatPage, markCurrent } from './list';
import { conversationTitle } from './state';
import { announce, renderMessage, setTitle, setUrl } from './view';

/** Puts an empty conversation on screen (also after the open one was deleted). */
export function showNewConversation(page: ChatPage, focus: boolean): void {
  const { els, state } = page;
  state.screen += 1;
  state.loading?.abort();
  state.loading = undefined;
  state.openId = null;
  state.unanswered = null;
  els.log.replaceChildren();
  els.intro.hidden = false;
  els.thread.setAttribute('aria-busy', 'false');
  setText(els.pendingLine, '');
  setTitle(els, 'New conversation');
  showStatus(els.chatStatus, '');
  setUrl(null);
  markCurrent(page);
  if (focus) els.textarea.focus();
}

function beginOpening(page: ChatPage, id: string, title: string | null): AbortController {
  const { els, state } = page;
  state.screen += 1;
  state.loading?.abort();
  const controller = new AbortController();
  state.loading = controller;
  state.openId = id;
  state.unanswered = null;
  markCurrent(page);
  setUrl(id);
  setTitle(els, title ?? 'Conversation');
  setText(els.pendingLine, '');
  els.log.replaceChildren();
  els.intro.hidden = true;
  els.thread.setAttribute('aria-busy', 'true');
  showStatus(els.chatStatus, 'Loading the conversation…');
  return controller;
}

export async function openConversation(
  page: ChatPage,
  id: string,
  title: string | null,
  focus = true,
): Promise<void> {
  const { els, state } = page;
  const controller = beginOpening(page, id, title);
  const mine = state.screen;
  try {
    const conversation = await getConversation(id, controller.signal);
    if (mine !== state.screen) return;
    const shownTitle = conversationTitle(conversation);
    setTitle(els, shownTitle);
    els.log.replaceChildren(...conversation.messages.map((m) => renderMessage(m, null)));
    els.intro.hidden = conversation.messages.length > 0;
    showStatus(els.chatStatus, '');
    const count = conversation.messages.length;
    announce(els, `Opened “${shownTitle}”, ${formatCount(count)} message${count === 1 ? '' : 's'}.`);
    els.thread.scrollTop = els.thread.scrollHeight;
    if (focus) els.textarea.focus();
  } catch (err) {
    if (mine !== state.screen || controller.signal.aborted) return;
    if (err instanceof ApiError && err.status === 404) {
      page.conversations.remove(id);
      showNewConversation(page, false);
      showStatus(els.chatStatus, 'That conversation no longer exists. You can start a new one.', 'warning');
      return;
    }
    showStatus(els.chatStatus, `Couldn't open the conversation. ${messageOf(err)}`, 'error');
  } finally {
    if (state.loading === controller) state.loading = undefined;
    // A message still on its way belongs to the conversation it was sent in, not this one.
    if (mine === state.screen) els.thread.setAttribute('aria-busy', 'false');
  }
}

export async function removeConversation(page: ChatPage, summary: ConversationSummary): Promise<void> {
  const { els } = page;
  const title = conversationTitle(summary);
  const ok = await confirmAction({
    title: `Delete “${title}”?`,
    message: 'The conversation and all its messages will be removed. This can’t be undone.',
    confirmLabel: 'Delete conversation',
  });
  if (!ok) return;
  try {
    await deleteConversation(summary.id);
    showStatus(els.conversationsStatus, `Deleted “${title}”.`, 'success');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      showStatus(els.conversationsStatus, `Couldn't delete “${title}”. ${messageOf(err)}`, 'error');
      return;
    }
    showStatus(els.conversationsStatus, `“${title}” had already been deleted.`, 'info');
  }
  page.conversations.remove(summary.id);
  if (page.state.openId === summary.id) showNewConversation(page, false);
  els.conversationsTitle.focus();
}
