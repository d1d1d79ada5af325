/** A reply as it streams in: its bubble grows with each piece of text, and ends whole or incomplete. */
import { el } from '../../dom';
import type { ChatMessage } from '../../endpoints/chat';
import type { StreamLine } from '../../endpoints/chat-stream';
import { markCurrent, noteActivity, type ChatPage } from './list';
import { assistantName, rememberProvider, titleOf } from './state';
import { announce, append, renderMessage, scrollToLatest, setTitle, setUrl, showProvider } from './view';

export class StreamingReply {
  private item: HTMLLIElement | undefined;
  private text = '';
  private provider: string | null = null;
  /** Set when the last line (`done` or `error`) arrived. */
  ended = false;

  constructor(
    private readonly page: ChatPage,
    private readonly screen: number,
    private readonly message: string,
  ) {}

  private get onScreen(): boolean {
    return this.page.state.screen === this.screen;
  }

  /** Handles one line; answers the problem to show when the line says the reply failed. */
  take(line: StreamLine): string | null {
    if (line.type === 'start') this.start(line.conversationId, line.provider);
    else if (line.type === 'delta') this.grow(line.text);
    else {
      this.ended = true;
      if (line.reply) this.settle(line.reply);
      if (line.type === 'error') return line.message;
      announce(this.page.els, `${assistantName(this.provider)}: ${line.reply.text}`);
    }
    return null;
  }

  private start(conversationId: string, provider: string): void {
    this.provider = provider;
    rememberProvider(provider);
    showProvider(this.page.els, provider);
    void noteActivity(this.page, conversationId, this.message, new Date().toISOString());
    if (!this.onScreen || this.page.state.openId !== null) return;
    this.page.state.openId = conversationId;
    setUrl(conversationId);
    setTitle(this.page.els, titleOf(this.message));
    markCurrent(this.page);
  }

  private grow(text: string): void {
    this.text += text;
    if (!this.onScreen) return;
    const message = { role: 'assistant' as const, text: this.text, createdAt: new Date().toISOString() };
    if (!this.item) {
      this.item = append(this.page.els, message, this.provider);
      this.item.dataset.streaming = 'true';
    } else {
      const bubbleText = this.item.querySelector('.bubble-text');
      if (bubbleText) bubbleText.textContent = this.text;
      scrollToLatest(this.page.els, this.item);
    }
  }

  private settle(reply: ChatMessage): void {
    if (!this.onScreen) return;
    const settled = renderMessage(reply, this.provider);
    if (this.item) this.item.replaceWith(settled);
    else append(this.page.els, reply, this.provider);
    this.item = settled;
  }

  /** The viewer stopped it: what arrived stays, marked as the server keeps it. */
  stopped(): void {
    if (this.ended || !this.item || !this.onScreen) return;
    delete this.item.dataset.streaming;
    this.item.dataset.incomplete = 'true';
    this.item.querySelector('.bubble')?.append(el('p', { class: 'bubble-incomplete' }, 'Incomplete reply'));
    announce(this.page.els, 'Stopped. The reply so far is kept, marked incomplete.');
  }
}
