/**
 * Quiz scoring, knowing nothing of HTTP or DynamoDB.
 *
 * Each chosen option adds its weights to the parks it names; the park with the highest total wins.
 * Ties go to the park listed first in the catalog (lambdas/shared/park-catalog.ts), so the same
 * answers always give the same park, whatever order the answers arrive in.
 */
import { parkCatalog, type Park } from '../shared/park-catalog';
import { questionBank, type QuizQuestion } from './question-bank';

/** Question id → chosen option id: exactly one answer per question of the bank. */
export type QuizAnswers = Readonly<Record<string, string>>;

export interface QuizOutcome {
  readonly park: Park;
  /** Total points per catalog park (every catalog park present, 0 when no option named it). */
  readonly scores: ReadonlyMap<string, number>;
}

/** Answers that do not fit the bank; schemas.ts refuses such a body first, so this is a safety net. */
export class InvalidAnswersError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(`Invalid quiz answers: ${Object.keys(fields).join(', ')}`);
    this.name = 'InvalidAnswersError';
  }
}

/** Every problem with a set of answers, by question id; empty when the answers are complete and valid. */
export function answerProblems(
  answers: Readonly<Record<string, unknown>>,
  bank: readonly QuizQuestion[] = questionBank,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Set(bank.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems[key] = 'is not a question of this quiz';
  }
  for (const question of bank) {
    if (!Object.hasOwn(answers, question.id)) {
      problems[question.id] = 'is missing; answer every question';
      continue;
    }
    const choice = answers[question.id];
    if (typeof choice !== 'string') problems[question.id] = 'must be an option id (a string)';
    else if (!question.options.some((o) => o.id === choice))
      problems[question.id] = 'is not an option of this question';
  }
  return problems;
}

/** Scores complete answers; throws InvalidAnswersError for anything else. Pure and deterministic. */
export function scoreAnswers(
  answers: QuizAnswers,
  bank: readonly QuizQuestion[] = questionBank,
  catalog: readonly Park[] = parkCatalog,
): QuizOutcome {
  const problems = answerProblems(answers, bank);
  if (Object.keys(problems).length > 0) throw new InvalidAnswersError(problems);
  if (catalog.length === 0) throw new Error('The park catalog is empty');

  const scores = new Map<string, number>(catalog.map((park) => [park.id, 0]));
  for (const question of bank) {
    const option = question.options.find((o) => o.id === answers[question.id]);
    for (const [parkId, points] of Object.entries(option?.weights ?? {})) {
      // A weight toward a park missing from the catalog cannot be assigned; the unit tests forbid it.
      const current = scores.get(parkId);
      if (current !== undefined) scores.set(parkId, current + points);
    }
  }
  let winner = catalog[0];
  for (const park of catalog) {
    // Strictly greater: on a tie the park earlier in the catalog keeps the lead.
    if ((scores.get(park.id) ?? 0) > (scores.get(winner.id) ?? 0)) winner = park;
  }
  return { park: winner, scores };
}

/** Catalog parks that at least one option gives points to: the only parks the quiz can assign. */
export function assignableParks(
  bank: readonly QuizQuestion[] = questionBank,
  catalog: readonly Park[] = parkCatalog,
): Park[] {
  const weighted = new Set<string>();
  for (const question of bank) {
    for (const option of question.options) {
      for (const [parkId, points] of Object.entries(option.weights)) if (points > 0) weighted.add(parkId);
    }
  }
  return catalog.filter((park) => weighted.has(park.id));
}
