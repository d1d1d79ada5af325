/** How a review and a post look in their lists. All user text goes in as text, never as HTML. */
import { el } from '../../dom';
import type { Post, Review } from '../../endpoints/parks';
import { formatDateTime } from '../../format';
import { starsDisplay } from '../../stars';

function time(iso: string): HTMLTimeElement {
  return el('time', { datetime: iso }, formatDateTime(iso));
}

/** "by alice · 12 Mar 2025, 14:05 · edited" */
export function byline(
  author: string,
  createdAt: string,
  updatedAt: string,
  mine: boolean,
): HTMLParagraphElement {
  return el(
    'p',
    { class: 'item-meta' },
    'by ',
    el('strong', { class: 'item-author' }, author),
    mine ? el('span', { class: 'badge' }, 'you') : null,
    ' · ',
    time(createdAt),
    updatedAt !== createdAt ? el('span', { class: 'item-edited' }, ' · edited') : null,
  );
}

export function renderReview(review: Review, mine: boolean): HTMLLIElement {
  return el(
    'li',
    { class: 'card item review-item', 'data-author': review.author },
    el(
      'article',
      {},
      el(
        'div',
        { class: 'review-head' },
        starsDisplay(review.stars),
        review.title ? el('h3', { class: 'item-title' }, review.title) : null,
      ),
      byline(review.author, review.createdAt, review.updatedAt, mine),
      review.body ? el('p', { class: 'item-body' }, review.body) : null,
    ),
  );
}

export function renderPostContent(post: Post, mine: boolean): HTMLElement {
  return el(
    'article',
    {},
    el('h3', { class: 'item-title' }, post.title),
    byline(post.author, post.createdAt, post.updatedAt, mine),
    el('p', { class: 'item-body' }, post.body),
  );
}
