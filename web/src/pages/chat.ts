/**
 * RangerAI: camping advice in conversations the server keeps. The list of your conversations
 * (newest first, "Load more"), one open conversation with its messages, and a composer. Opening,
 * starting, sending and deleting never reload the page. Needs a session.
 *
 * A message is shown as soon as it is sent, with "RangerAI is thinking…" until the answer comes.
 * When the model fails (502/503) the server has kept the message: the error shows next to it with
 * "Try again", and the conversation stays open.
 */
import { ApiError, messageOf, sendToSignIn } from '../api';
import { confirmAction } from '../confirm';
import { byId, el, setText, showStatus } from '../dom';
import {
  CHAT_MESSAGE_MAX,
  deleteConversation,
  getConversation,
  keptConversationId,
  listConversations,
  sendChatMessage,
  type ChatMessage,
  type ChatProviderName,
  type ConversationSummary,
} from '../endpoints/chat';
import { FormView } from '../forms';
import { formatChatTime, formatCount, formatDateTime } from '../format';
import { paths } from '../links';
import { startPage } from '../page';
import { PagedList } from '../paged-list';
import { currentSession, onSessionChange, sessionState } from '../session';

/** The provider of the last answer, kept so the page can say who answers before the next one. */
const PROVIDER_KEY = 'cloudclicker.chat-provider';
const PENDING_TEXT = 'RangerAI is thinking…';
const UNTITLED = 'Untitled conversation';

/** Until the server's title is known, a new conversation is named by its first message, on one line. */
const titleOf = (message: string): string => message.replace(/\s+/g, ' ').trim();

function rememberedProvider(): string | null {
  try {
    return window.localStorage.getItem(PROVIDER_KEY);
  } catch {
    return null;
  }
}

function rememberProvider(provider: string): void {
  try {
    window.localStorage.setItem(PROVIDER_KEY, provider);
  } catch {
    // Not kept: the note shows again after the next answer.
  }
}

/** "RangerAI (offline advisor)" for local mode, else "RangerAI (bedrock)". */
function assistantName(provider: ChatProviderName | null): string {
  if (provider === null) return 'RangerAI';
  return provider === 'local' ? 'RangerAI (offline advisor)' : `RangerAI (${provider})`;
}

function run(): void {
  const providerNote = byId('chat-provider', HTMLElement);
  const newButton = byId('chat-new', HTMLButtonElement);
  const conversationsTitle = byId('conversations-title', HTMLElement);
  const conversationsStatus = byId('conversations-status', HTMLElement);
  const chatTitle = byId('chat-title', HTMLElement);
  const chatStatus = byId('chat-status', HTMLElement);
  const thread = byId('chat-thread', HTMLElement);
  const intro = byId('chat-intro', HTMLElement);
  const log = byId('chat-log', HTMLOListElement);
  const pendingLine = byId('chat-pending', HTMLElement);
  const announcer = byId('chat-announcer', HTMLElement);
  const form = byId('chat-form', HTMLFormElement);
  const textarea = byId('chat-message', HTMLTextAreaElement);
  const counter = byId('chat-counter', HTMLElement);
  const sendButton = byId('chat-send', HTMLButtonElement);
  const view = new FormView(form, byId('chat-form-status', HTMLElement));

  /** The conversation on screen; id null until the first message of a new one is kept. */
  let openId: string | null = null;
  /** Bumped whenever another conversation is put on screen, so late answers do not land in it. */
  let screen = 0;
  let loading: AbortController | undefined;
  let pending = false;
  /** The last message that got no answer, offered again by its "Try again". */
  let unanswered: { text: string; item: HTMLLIElement } | null = null;

  /** Says something once to screen readers (the same words twice are said twice). */
  function announce(text: string): void {
    announcer.textContent = text;
  }

  /* The provider note */

  function showProvider(provider: string | null): void {
    if (provider === null) {
      providerNote.hidden = true;
      return;
    }
    providerNote.hidden = false;
    providerNote.dataset.provider = provider;
    if (provider === 'local') {
      providerNote.replaceChildren(
        el('strong', {}, 'Offline advisor. '),
        'RangerAI is running in local mode: answers are deterministic camping tips picked by keywords, not a language model.',
      );
    } else {
      providerNote.replaceChildren(
        el('strong', {}, `${assistantName(provider)}. `),
        'Answers come from a language model; check anything safety-critical with a park ranger.',
      );
    }
  }

  /* The conversation list */

  function conversationTitle(summary: { title: string }): string {
    return summary.title.trim() === '' ? UNTITLED : summary.title;
  }

  function renderSummary(summary: ConversationSummary): HTMLLIElement {
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
    open.addEventListener('click', () => void openConversation(summary.id, title));
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
    remove.addEventListener('click', () => void removeConversation(summary));
    return el('li', { class: 'conversation-item', 'data-conversation-id': summary.id }, open, remove);
  }

  const conversations = new PagedList<ConversationSummary>({
    list: byId('conversation-list', HTMLUListElement),
    moreButton: byId('conversations-more', HTMLButtonElement),
    status: conversationsStatus,
    empty: byId('conversations-empty', HTMLElement),
    noun: ['conversation', 'conversations'],
    // The list also says who answers, so the page can say it before the first message.
    fetchPage: async (cursor, signal) => {
      const page = await listConversations(cursor, signal);
      if (page.provider) {
        rememberProvider(page.provider);
        showProvider(page.provider);
      }
      return page;
    },
    keyOf: (summary) => summary.id,
    render: renderSummary,
  });

  function markCurrent(): void {
    for (const summary of conversations.items) {
      const button = conversations.elementOf(summary.id)?.querySelector('[data-action="open"]');
      if (!button) continue;
      if (summary.id === openId) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }

  /** The list entry of a conversation that just got a message: added at the top when new. */
  async function noteActivity(id: string, firstMessage: string, at: string): Promise<void> {
    const known = conversations.items.find((c) => c.id === id);
    if (known) {
      conversations.replace({ ...known, updatedAt: at });
      return;
    }
    // The server made the title; ask for it, and fall back to the first message meanwhile.
    let summary: ConversationSummary = {
      id,
      title: titleOf(firstMessage),
      createdAt: at,
      updatedAt: at,
    };
    conversations.prepend(summary);
    try {
      const first = await listConversations(null, undefined, 5);
      const found = first.items.find((c) => c.id === id);
      if (found) summary = found;
    } catch {
      return;
    }
    if (conversations.items.some((c) => c.id === id)) conversations.replace(summary);
    if (openId === id) setTitle(conversationTitle(summary));
  }

  /* The open conversation */

  function setTitle(title: string): void {
    setText(chatTitle, title);
    chatTitle.title = title;
  }

  function setUrl(id: string | null): void {
    const url = id ? `${paths.chat}?id=${encodeURIComponent(id)}` : paths.chat;
    window.history.replaceState(null, '', url);
  }

  /**
   * Brings a new message into view. On wide screens the thread scrolls by itself (the page stays
   * put, so the composer does not move); on phones the page scrolls.
   */
  function scrollToLatest(element: HTMLElement): void {
    if (window.getComputedStyle(thread).overflowY !== 'auto') {
      element.scrollIntoView({ block: 'nearest' });
      return;
    }
    const top = element.offsetTop;
    const bottom = top + element.offsetHeight;
    if (bottom > thread.scrollTop + thread.clientHeight) {
      // Its end, or its start when it is taller than the thread.
      thread.scrollTop = Math.min(top, bottom - thread.clientHeight);
    } else if (top < thread.scrollTop) {
      thread.scrollTop = top;
    }
  }

  function renderMessage(message: ChatMessage, provider: ChatProviderName | null): HTMLLIElement {
    const mine = message.role === 'user';
    return el(
      'li',
      {
        class: `chat-message ${mine ? 'chat-message-user' : 'chat-message-assistant'}`,
        'data-role': message.role,
      },
      el(
        'div',
        { class: 'bubble' },
        el(
          'p',
          { class: 'bubble-meta' },
          el('span', { class: 'bubble-author' }, mine ? 'You' : assistantName(provider)),
          ' · ',
          el(
            'time',
            { datetime: message.createdAt, title: formatDateTime(message.createdAt) },
            formatChatTime(message.createdAt),
          ),
        ),
        el('p', { class: 'bubble-text' }, message.text),
      ),
    );
  }

  function append(message: ChatMessage, provider: ChatProviderName | null): HTMLLIElement {
    const item = renderMessage(message, provider);
    log.append(item);
    intro.hidden = true;
    scrollToLatest(item);
    return item;
  }

  /** Puts an empty conversation on screen (also after the open one was deleted). */
  function showNewConversation(focus: boolean): void {
    screen += 1;
    loading?.abort();
    loading = undefined;
    openId = null;
    unanswered = null;
    log.replaceChildren();
    intro.hidden = false;
    thread.setAttribute('aria-busy', 'false');
    setText(pendingLine, '');
    setTitle('New conversation');
    showStatus(chatStatus, '');
    setUrl(null);
    markCurrent();
    if (focus) textarea.focus();
  }

  async function openConversation(id: string, title: string | null, focus = true): Promise<void> {
    screen += 1;
    const mine = screen;
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    openId = id;
    unanswered = null;
    markCurrent();
    setUrl(id);
    setTitle(title ?? 'Conversation');
    setText(pendingLine, '');
    log.replaceChildren();
    intro.hidden = true;
    thread.setAttribute('aria-busy', 'true');
    showStatus(chatStatus, 'Loading the conversation…');
    try {
      const conversation = await getConversation(id, controller.signal);
      if (mine !== screen) return;
      const shownTitle = conversationTitle(conversation);
      setTitle(shownTitle);
      log.replaceChildren(...conversation.messages.map((m) => renderMessage(m, null)));
      intro.hidden = conversation.messages.length > 0;
      showStatus(chatStatus, '');
      announce(
        `Opened “${shownTitle}”, ${formatCount(conversation.messages.length)} message${conversation.messages.length === 1 ? '' : 's'}.`,
      );
      thread.scrollTop = thread.scrollHeight;
      if (focus) textarea.focus();
    } catch (err) {
      if (mine !== screen || controller.signal.aborted) return;
      if (err instanceof ApiError && err.status === 404) {
        conversations.remove(id);
        showNewConversation(false);
        showStatus(chatStatus, 'That conversation no longer exists. You can start a new one.', 'warning');
        return;
      }
      showStatus(chatStatus, `Couldn't open the conversation. ${messageOf(err)}`, 'error');
    } finally {
      if (loading === controller) loading = undefined;
      // A message still on its way belongs to the conversation it was sent in, not this one.
      if (mine === screen) thread.setAttribute('aria-busy', 'false');
    }
  }

  async function removeConversation(summary: ConversationSummary): Promise<void> {
    const title = conversationTitle(summary);
    const ok = await confirmAction({
      title: `Delete “${title}”?`,
      message: 'The conversation and all its messages will be removed. This can’t be undone.',
      confirmLabel: 'Delete conversation',
    });
    if (!ok) return;
    try {
      await deleteConversation(summary.id);
      showStatus(conversationsStatus, `Deleted “${title}”.`, 'success');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) {
        showStatus(conversationsStatus, `Couldn't delete “${title}”. ${messageOf(err)}`, 'error');
        return;
      }
      showStatus(conversationsStatus, `“${title}” had already been deleted.`, 'info');
    }
    conversations.remove(summary.id);
    if (openId === summary.id) showNewConversation(false);
    conversationsTitle.focus();
  }

  /* Sending */

  function updateCounter(): void {
    const length = textarea.value.length;
    setText(counter, `${formatCount(length)} / ${formatCount(CHAT_MESSAGE_MAX)}`);
    counter.dataset.tone =
      length > CHAT_MESSAGE_MAX ? 'error' : length > CHAT_MESSAGE_MAX - 100 ? 'warning' : '';
  }

  function setPending(value: boolean, sameScreen: boolean): void {
    pending = value;
    sendButton.disabled = value;
    form.setAttribute('aria-busy', String(value));
    if (!value && !sameScreen) return;
    thread.setAttribute('aria-busy', String(value));
    setText(pendingLine, value ? PENDING_TEXT : '');
    if (value) scrollToLatest(pendingLine);
  }

  /** The error next to a message the server kept but got no answer for, with "Try again". */
  function markUnanswered(item: HTMLLIElement, text: string, problem: string): void {
    item.querySelector('.message-problem')?.remove();
    const retry = el(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-action': 'retry' },
      'Try again',
    );
    retry.addEventListener('click', () => {
      if (pending) return;
      item.querySelector('.message-problem')?.remove();
      item.classList.remove('has-problem');
      unanswered = null;
      void send(text, item);
    });
    item.classList.add('has-problem');
    item.append(el('div', { class: 'message-problem' }, el('p', {}, problem), retry));
    unanswered = { text, item };
    scrollToLatest(item);
  }

  /** A message whose retry the user passed over by writing something else. */
  function retireUnanswered(): void {
    if (!unanswered) return;
    const problem = unanswered.item.querySelector('.message-problem');
    problem?.replaceChildren(el('p', {}, 'Not answered.'));
    unanswered = null;
  }

  function restoreDraft(text: string): void {
    if (textarea.value.trim() === '') {
      textarea.value = text;
      updateCounter();
    }
  }

  /** Sends a message (or, with `retrying`, the one in that item again) to the open conversation. */
  async function send(text: string, retrying?: HTMLLIElement): Promise<void> {
    if (pending) return;
    const mine = screen;
    const conversationId = openId;
    const isNew = conversationId === null;
    let item: HTMLLIElement;
    if (retrying) {
      item = retrying;
    } else {
      retireUnanswered();
      item = append({ role: 'user', text, createdAt: new Date().toISOString() }, null);
    }
    showStatus(chatStatus, '');
    setPending(true, true);
    try {
      const answer = await sendChatMessage(text, conversationId);
      rememberProvider(answer.provider);
      showProvider(answer.provider);
      void noteActivity(answer.conversationId, text, answer.reply.createdAt);
      if (mine !== screen) return;
      if (isNew) {
        openId = answer.conversationId;
        setUrl(openId);
        setTitle(titleOf(text));
        markCurrent();
      }
      setPending(false, true);
      append(answer.reply, answer.provider);
      announce(`${assistantName(answer.provider)}: ${answer.reply.text}`);
    } catch (err) {
      const kept = keptConversationId(err);
      if (kept) void noteActivity(kept, text, new Date().toISOString());
      if (mine !== screen) return;
      setPending(false, true);
      const message = messageOf(err);
      if (kept || (err instanceof ApiError && err.status === 0)) {
        // The server kept the message (or may have): it stays, with the reason and a retry.
        if (kept && isNew) {
          openId = kept;
          setUrl(kept);
          setTitle(titleOf(text));
          markCurrent();
        }
        const problem = kept ? message : `${message} Your message may not have been saved.`;
        markUnanswered(item, text, problem);
        // Shown next to the message; said once for screen readers.
        announce(`RangerAI didn't answer: ${problem}`);
        return;
      }
      // Nothing was kept: take the message back into the composer.
      if (!retrying) item.remove();
      else markUnanswered(item, text, message);
      if (log.childElementCount === 0) intro.hidden = false;
      if (!retrying) restoreDraft(text);
      if (err instanceof ApiError && err.status === 429) {
        const wait = Math.max(1, Math.ceil(err.retryAfterSeconds ?? 10));
        view.setStatus(
          `RangerAI needs a break: wait ${wait} second${wait === 1 ? '' : 's'}, then send again.`,
          'warning',
        );
      } else if (err instanceof ApiError && err.status === 404 && conversationId) {
        conversations.remove(conversationId);
        showNewConversation(false);
        restoreDraft(text);
        view.setStatus('That conversation no longer exists; send again to start a new one.', 'warning');
      } else if (err instanceof ApiError && err.status === 400) {
        view.showFailure(err);
      } else {
        view.setStatus(`Your message was not sent. ${message}`, 'error');
      }
    } finally {
      if (pending) setPending(false, mine === screen);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pending) return;
    view.clearErrors();
    const text = textarea.value.trim();
    if (text === '') {
      view.setFieldError('message', 'Type a message first.');
      textarea.focus();
      return;
    }
    if (text.length > CHAT_MESSAGE_MAX) {
      view.setFieldError('message', `Use at most ${formatCount(CHAT_MESSAGE_MAX)} characters.`);
      textarea.focus();
      return;
    }
    textarea.value = '';
    updateCounter();
    void send(text);
  });

  textarea.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (!pending) form.requestSubmit();
  });

  textarea.addEventListener('input', () => {
    updateCounter();
    if (textarea.value.trim() !== '') view.setFieldError('message', null);
  });

  newButton.addEventListener('click', () => {
    view.clearErrors();
    showNewConversation(true);
  });

  onSessionChange(() => {
    if (!currentSession()) void sendToSignIn(false);
  });

  // Start: the list, and the conversation named in the address (kept there so a reload reopens it).
  showProvider(rememberedProvider());
  updateCounter();
  void conversations.reload();
  const requested = new URLSearchParams(window.location.search).get('id');
  if (requested) void openConversation(requested, null, false);
}

// Last, so every constant above is set before run() reads it.
startPage('chat');

if (!currentSession()) void sendToSignIn(sessionState().kind === 'expired');
else run();
