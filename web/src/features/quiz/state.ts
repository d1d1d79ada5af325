/**
 * What the quiz page keeps: the choices made so far (kept across the trip to sign-in) and how the
 * server's answer problems map onto the questions.
 */
import { ApiError } from '../../api';

/** Question id → chosen option id. */
export type Answers = Record<string, string>;

/*
 * Choices survive the trip to sign-in and back (and a reload) for this tab only. They are just
 * option ids, nothing private.
 */
const DRAFT_KEY = 'cloudclicker.quiz-draft';

export function saveDraft(answers: Answers): void {
  try {
    window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(answers));
  } catch {
    // No storage: the choices just are not kept.
  }
}

/** The kept choices; none when nothing (readable) was kept. */
export function readDraft(): Answers {
  let draft: unknown;
  try {
    draft = JSON.parse(window.sessionStorage.getItem(DRAFT_KEY) ?? '{}');
  } catch {
    return {};
  }
  if (typeof draft !== 'object' || draft === null) return {};
  return Object.fromEntries(
    Object.entries(draft).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function clearDraft(): void {
  try {
    window.sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing kept.
  }
}

export const missingMessage = (count: number): string =>
  count === 1 ? 'One question has no answer yet.' : `${count} questions have no answer yet.`;

/** "answers.<questionId>" problems of a refused submit, by question id (e.g. the bank changed meanwhile). */
export function problemsByQuestion(err: unknown): [questionId: string, problem: string][] {
  return Object.entries(err instanceof ApiError ? err.fields : {}).map(([field, problem]) => [
    field.startsWith('answers.') ? field.slice('answers.'.length) : '',
    problem.charAt(0).toUpperCase() + problem.slice(1),
  ]);
}
