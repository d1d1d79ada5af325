/** The chat page's start: the list, the conversation in the address, and the composer's events. */
import { sendToSignIn } from '../../api';
import { CHAT_MESSAGE_MAX } from '../../endpoints/chat';
import { formatCount } from '../../format';
import { currentSession, onSessionChange } from '../../session';
import { openConversation, removeConversation, showNewConversation } from './conversation';
import { type ChatPage, conversationList } from './list';
import { send } from './send';
import { chatState, rememberedProvider } from './state';
import { chatElements, showProvider, updateCounter } from './view';

function onSubmit(page: ChatPage): void {
  const { els, state } = page;
  if (state.replying) return;
  els.view.clearErrors();
  const text = els.textarea.value.trim();
  if (text === '') {
    els.view.setFieldError('message', 'Type a message first.');
    els.textarea.focus();
    return;
  }
  if (text.length > CHAT_MESSAGE_MAX) {
    els.view.setFieldError('message', `Use at most ${formatCount(CHAT_MESSAGE_MAX)} characters.`);
    els.textarea.focus();
    return;
  }
  els.textarea.value = '';
  updateCounter(els);
  void send(page, text);
}

function wireComposer(page: ChatPage): void {
  const { els, state } = page;
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(page);
  });
  els.textarea.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (!state.replying) els.form.requestSubmit();
  });
  els.textarea.addEventListener('input', () => {
    updateCounter(els);
    if (els.textarea.value.trim() !== '') els.view.setFieldError('message', null);
  });
  els.stopButton.addEventListener('click', () => state.replying?.abort());
  els.newButton.addEventListener('click', () => {
    els.view.clearErrors();
    showNewConversation(page, true);
  });
}

export function startChat(): void {
  const els = chatElements();
  const state = chatState();
  const page: ChatPage = {
    els,
    state,
    conversations: conversationList(els, state, {
      open: (id, title) => void openConversation(page, id, title),
      remove: (summary) => void removeConversation(page, summary),
    }),
  };
  wireComposer(page);
  onSessionChange(() => {
    if (!currentSession()) void sendToSignIn(false);
  });
  // Start: the list, and the conversation named in the address (kept there so a reload reopens it).
  showProvider(els, rememberedProvider());
  updateCounter(els);
  void page.conversations.reload();
  const requested = new URLSearchParams(window.location.search).get('id');
  if (requested) void openConversation(page, requested, null, false);
}
