/**
 * A list that loads page by page ("Load more" follows next_cursor). It keeps the items it shows,
 * so an item can be added, replaced or removed in place after a change, without a reload.
 */
import { ApiError, messageOf, type Page } from './api';
import { showStatus } from './dom';

export interface PagedListOptions<T> {
  /** The <ul>/<ol> the items go into. */
  readonly list: HTMLElement;
  readonly moreButton: HTMLButtonElement;
  /** An aria-live region for loading problems and "n more loaded". */
  readonly status: HTMLElement;
  /** Shown while the list is empty. */
  readonly empty?: HTMLElement;
  /** "review", "reviews": for messages. */
  readonly noun: readonly [one: string, many: string];
  readonly fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;
  readonly keyOf: (item: T) => string;
  /** Draws one item as the <li> to show. */
  readonly render: (item: T) => HTMLLIElement;
}

export class PagedList<T> {
  private readonly entries = new Map<string, { item: T; element: HTMLLIElement }>();
  private cursor: string | null = null;
  private loading: AbortController | undefined;
  private loadedOnce = false;
  /** The page that failed to load, offered again by the same button. */
  private failed: { cursor: string | null; fresh: boolean } | null = null;
  private readonly moreLabel: string;

  constructor(private readonly options: PagedListOptions<T>) {
    this.moreLabel = options.moreButton.textContent ?? 'Load more';
    options.moreButton.addEventListener('click', () => {
      if (this.failed) void this.fetch(this.failed.cursor, this.failed.fresh);
      else void this.loadMore();
    });
    options.moreButton.hidden = true;
  }

  get items(): T[] {
    return Array.from(this.entries.values(), (e) => e.item);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts again from the first page (after a change that may reorder the list). */
  async reload(): Promise<void> {
    this.loading?.abort();
    await this.fetch(null, true);
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.cursor === null) return;
    await this.fetch(this.cursor, false);
  }

  /** Puts a new item at the top (lists here are newest first). */
  prepend(item: T): void {
    const key = this.options.keyOf(item);
    this.entries.get(key)?.element.remove();
    const element = this.options.render(item);
    this.options.list.prepend(element);
    this.entries.set(key, { item, element });
    this.updateEmpty();
  }

  replace(item: T): HTMLLIElement | undefined {
    const key = this.options.keyOf(item);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const element = this.options.render(item);
    entry.element.replaceWith(element);
    this.entries.set(key, { item, element });
    return element;
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.element.remove();
    this.entries.delete(key);
    this.updateEmpty();
  }

  elementOf(key: string): HTMLLIElement | undefined {
    return this.entries.get(key)?.element;
  }

  private async fetch(cursor: string | null, fresh: boolean): Promise<void> {
    const { moreButton, status, noun } = this.options;
    const controller = new AbortController();
    this.loading = controller;
    this.failed = null;
    moreButton.disabled = true;
    moreButton.setAttribute('aria-busy', 'true');
    if (!this.loadedOnce) showStatus(status, `Loading ${noun[1]}…`);
    try {
      const page = await this.options.fetchPage(cursor, controller.signal);
      if (controller.signal.aborted) return;
      if (fresh) {
        this.entries.clear();
        this.options.list.replaceChildren();
      }
      let added = 0;
      for (const item of page.items) {
        const key = this.options.keyOf(item);
        // An item can move to a later page when newer ones arrive in between: show it once.
        if (this.entries.has(key)) continue;
        const element = this.options.render(item);
        this.options.list.append(element);
        this.entries.set(key, { item, element });
        added += 1;
      }
      this.cursor = page.nextCursor;
      this.loadedOnce = true;
      showStatus(
        status,
        fresh ? '' : `${added} more ${added === 1 ? noun[0] : noun[1]} loaded.`,
        fresh ? 'info' : 'success',
      );
    } catch (err) {
      if (controller.signal.aborted) return;
      const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
      this.failed = { cursor, fresh };
      showStatus(status, `Couldn't load ${noun[1]}. ${reason}`, 'error');
    } finally {
      if (this.loading === controller) {
        this.loading = undefined;
        moreButton.disabled = false;
        moreButton.removeAttribute('aria-busy');
        moreButton.textContent = this.failed ? 'Try again' : this.moreLabel;
        moreButton.hidden = this.cursor === null && !this.failed;
        this.updateEmpty();
      }
    }
  }

  private updateEmpty(): void {
    if (this.options.empty) this.options.empty.hidden = !this.loadedOnce || this.entries.size > 0;
  }
}
