/**
 * Sending a message: it shows at once, the reply streams in beneath it, and Stop cuts it off. When
 * the server refuses the message nothing was kept and it goes back to the composer; when the model
 * fails the server has kept it: the problem shows next to it with "Try again".
 */
import { ApiError, messageOf } from '../../api';
import { el, showStatus } from '../../dom';
import { keptConversationId } from '../../endpoints/chat';
import { streamChatMessage } from '../../endpoints/chat-stream';
import { showNewConversation } from './conversation';
import { type ChatPage, markCurrent, noteActivity } from './list';
import { titleOf } from './state';
import { StreamingReply } from './reply';
import { announce, append, scrollToLatest, setPending, setTitle, setUrl, updateCounter } from './view';

/** The error next to a message the server kept but got no answer for, with "Try again". */
function markUnanswered(page: ChatPage, item: HTMLLIElement, text: string, problem: string): void {
  item.querySelector('.message-problem')?.remove();
  const retry = el(
    'button',
    { type: 'button', class: 'button button-quiet', 'data-action': 'retry' },
    'Try again',
  );
  retry.addEventListener('click', () => {
    if (page.state.replying) return;
    item.querySelector('.message-problem')?.remove();
    item.classList.remove('has-problem');
    page.state.unanswered = null;
    void send(page, text, item);
  });
  item.classList.add('has-problem');
  item.append(el('div', { class: 'message-problem' }, el('p', {}, problem), retry));
  page.state.unanswered = { text, item };
  scrollToLatest(page.els, item);
  announce(page.els, `RangerAI didn't answer: ${problem}`);
}

/** A message whose retry the user passed over by writing something else. */
function retireUnanswered(page: ChatPage): void {
  const { unanswered } = page.state;
  if (!unanswered) return;
  unanswered.item.querySelector('.message-problem')?.replaceChildren(el('p', {}, 'Not answered.'));
  page.state.unanswered = null;
}

function restoreDraft(page: ChatPage, text: string): void {
  if (page.els.textarea.value.trim() !== '') return;
  page.els.textarea.value = text;
  updateCounter(page.els);
}

/**
 * The message was kept (the server says in which conversation) or may have been (no answer came),
 * but no reply began: it stays, with the reason and a retry.
 */
function unansweredBeforeReply(page: ChatPage, err: unknown, text: string, item: HTMLLIElement): boolean {
  const kept = keptConversationId(err);
  const noAnswer = !(err instanceof ApiError) || err.status === 0;
  if (!kept && !noAnswer) return false;
  if (kept) {
    void noteActivity(page, kept, text, new Date().toISOString());
    if (page.state.openId === null) {
      page.state.openId = kept;
      setUrl(kept);
      setTitle(page.els, titleOf(text));
      markCurrent(page);
    }
  }
  const message = messageOf(err);
  markUnanswered(page, item, text, kept ? message : `${message} Your message may not have been saved.`);
  return true;
}

/** The server refused the message before any reply began. */
function refused(page: ChatPage, err: unknown, text: string, item: HTMLLIElement, retrying: boolean): void {
  const { els, state } = page;
  if (unansweredBeforeReply(page, err, text, item) || !(err instanceof ApiError)) return;
  if (retrying) markUnanswered(page, item, text, messageOf(err));
  else item.remove();
  if (els.log.childElementCount === 0) els.intro.hidden = false;
  if (!retrying) restoreDraft(page, text);
  if (err.status === 429) {
    const wait = Math.max(1, Math.ceil(err.retryAfterSeconds ?? 10));
    els.view.setStatus(
      `RangerAI needs a break: wait ${wait} second${wait === 1 ? '' : 's'}, then send again.`,
      'warning',
    );
  } else if (err.status === 404 && state.openId) {
    page.conversations.remove(state.openId);
    showNewConversation(page, false);
    restoreDraft(page, text);
    els.view.setStatus('That conversation no longer exists; send again to start a new one.', 'warning');
  } else if (err.status === 400) {
    els.view.showFailure(err);
  } else {
    els.view.setStatus(`Your message was not sent. ${messageOf(err)}`, 'error');
  }
}

/** Sends a message (or, with `retrying`, the one in that item again) to the open conversation. */
export async function send(page: ChatPage, text: string, retrying?: HTMLLIElement): Promise<void> {
  const { els, state } = page;
  if (state.replying) return;
  const mine = state.screen;
  if (!retrying) retireUnanswered(page);
  const item = retrying ?? append(els, { role: 'user', text, createdAt: new Date().toISOString() }, null);
  showStatus(els.chatStatus, '');
  const controller = new AbortController();
  state.replying = controller;
  setPending(els, true, true);
  const reply = new StreamingReply(page, mine, text);
  let problem: string | null = null;
  try {
    await streamChatMessage(
      text,
      state.openId,
      (line) => (problem = reply.take(line) ?? problem),
      controller.signal,
    );
    if (controller.signal.aborted) reply.stopped();
    else if (!reply.ended) problem = 'The answer broke off; what arrived is kept.';
  } catch (err) {
    if (mine === state.screen) refused(page, err, text, item, retrying !== undefined);
  } finally {
    state.replying = undefined;
    setPending(els, false, mine === state.screen);
  }
  if (problem && mine === state.screen) markUnanswered(page, item, text, problem);
}
