/** The chat page's elements and how messages, the provider note and the composer look. */
import { byId, el, setText } from '../../dom';
import { CHAT_MESSAGE_MAX, type ChatMessage, type ChatProviderName } from '../../endpoints/chat';
import { FormView } from '../../forms';
import { formatChatTime, formatCount, formatDateTime } from '../../format';
import { paths } from '../../links';
import { assistantName, PENDING_TEXT } from './state';

export function chatElements() {
  const form = byId('chat-form', HTMLFormElement);
  return {
    providerNote: byId('chat-provider', HTMLElement),
    newButton: byId('chat-new', HTMLButtonElement),
    conversationsTitle: byId('conversations-title', HTMLElement),
    conversationsStatus: byId('conversations-status', HTMLElement),
    chatTitle: byId('chat-title', HTMLElement),
    chatStatus: byId('chat-status', HTMLElement),
    thread: byId('chat-thread', HTMLElement),
    intro: byId('chat-intro', HTMLElement),
    log: byId('chat-log', HTMLOListElement),
    pendingLine: byId('chat-pending', HTMLElement),
    announcer: byId('chat-announcer', HTMLElement),
    form,
    textarea: byId('chat-message', HTMLTextAreaElement),
    counter: byId('chat-counter', HTMLElement),
    sendButton: byId('chat-send', HTMLButtonElement),
    stopButton: byId('chat-stop', HTMLButtonElement),
    view: new FormView(form, byId('chat-form-status', HTMLElement)),
  };
}
export type ChatElements = ReturnType<typeof chatElements>;

/** Says something once to screen readers (the same words twice are said twice). */
export function announce(els: ChatElements, text: string): void {
  els.announcer.textContent = text;
}

export function showProvider(els: ChatElements, provider: string | null): void {
  const note = els.providerNote;
  note.hidden = provider === null;
  if (provider === null) return;
  note.dataset.provider = provider;
  if (provider === 'local') {
    note.replaceChildren(
      el('strong', {}, 'Offline advisor. '),
      'RangerAI is running in local mode: answers are deterministic camping tips picked by keywords, not a language model.',
    );
  } else {
    note.replaceChildren(
      el('strong', {}, `${assistantName(provider)}. `),
      'Answers come from a language model; check anything safety-critical with a park ranger.',
    );
  }
}

export function setTitle(els: ChatElements, title: string): void {
  setText(els.chatTitle, title);
  els.chatTitle.title = title;
}

export function setUrl(id: string | null): void {
  const url = id ? `${paths.chat}?id=${encodeURIComponent(id)}` : paths.chat;
  window.history.replaceState(null, '', url);
}

/**
 * Brings a message into view. On wide screens the thread scrolls by itself (the page stays put, so
 * the composer does not move); on phones the page scrolls.
 */
export function scrollToLatest(els: ChatElements, element: HTMLElement): void {
  const { thread } = els;
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

/** A message; a reply the model did not finish says so. */
export function renderMessage(message: ChatMessage, provider: ChatProviderName | null): HTMLLIElement {
  const mine = message.role === 'user';
  const meta = el(
    'p',
    { class: 'bubble-meta' },
    el('span', { class: 'bubble-author' }, mine ? 'You' : assistantName(provider)),
    ' · ',
    el(
      'time',
      { datetime: message.createdAt, title: formatDateTime(message.createdAt) },
      formatChatTime(message.createdAt),
    ),
  );
  const bubble = el('div', { class: 'bubble' }, meta, el('p', { class: 'bubble-text' }, message.text));
  if (message.incomplete) bubble.append(el('p', { class: 'bubble-incomplete' }, 'Incomplete reply'));
  return el(
    'li',
    {
      class: `chat-message ${mine ? 'chat-message-user' : 'chat-message-assistant'}`,
      'data-role': message.role,
      'data-incomplete': message.incomplete ? 'true' : undefined,
    },
    bubble,
  );
}

export function append(
  els: ChatElements,
  message: ChatMessage,
  provider: ChatProviderName | null,
): HTMLLIElement {
  const item = renderMessage(message, provider);
  els.log.append(item);
  els.intro.hidden = true;
  scrollToLatest(els, item);
  return item;
}

export function updateCounter(els: ChatElements): void {
  const length = els.textarea.value.length;
  setText(els.counter, `${formatCount(length)} / ${formatCount(CHAT_MESSAGE_MAX)}`);
  els.counter.dataset.tone =
    length > CHAT_MESSAGE_MAX ? 'error' : length > CHAT_MESSAGE_MAX - 100 ? 'warning' : '';
}

/** While a reply is on its way: Send waits, Stop shows, the thread is busy. */
export function setPending(els: ChatElements, value: boolean, sameScreen: boolean): void {
  els.sendButton.disabled = value;
  els.stopButton.hidden = !value;
  els.form.setAttribute('aria-busy', String(value));
  if (!value && !sameScreen) return;
  els.thread.setAttribute('aria-busy', String(value));
  setText(els.pendingLine, value ? PENDING_TEXT : '');
  if (value) scrollToLatest(els, els.pendingLine);
}
