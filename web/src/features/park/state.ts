/** What the park page knows: which park, who is signed in, and the checks on a review. */
import { REVIEW_BODY_MAX, REVIEW_TITLE_MAX, type ReviewInput } from '../../endpoints/parks';
import { currentSession } from '../../session';

export interface ParkState {
  readonly parkId: string;
  /** The signed-in username as the server knows it; the stored one until /api/me answers. */
  me: string | null;
}

export function parkState(): ParkState {
  return {
    parkId: new URLSearchParams(window.location.search).get('id')?.trim() ?? '',
    me: currentSession()?.username || null,
  };
}

/** Client-side hints only; the server has the last word. */
export function reviewProblems(input: ReviewInput): Record<'stars' | 'title' | 'body', string | null> {
  const tooLong = (text: string | null | undefined, max: number): string | null =>
    (text ?? '').length > max ? `Use at most ${max} characters.` : null;
  return {
    stars: input.stars === 0 ? 'Choose a rating from 1 to 5 stars.' : null,
    title: tooLong(input.title, REVIEW_TITLE_MAX),
    body: tooLong(input.body, REVIEW_BODY_MAX),
  };
}
