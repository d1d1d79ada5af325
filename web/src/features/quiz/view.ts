/** The quiz page's elements: the questions, the result card, the history and the status lines. */
import { ApiError, messageOf } from '../../api';
import { byId, el, setText, showStatus } from '../../dom';
import { parkUrl, type Park } from '../../endpoints/parks';
import type { QuizQuestion, QuizResult } from '../../endpoints/quiz';
import { formatDateTime } from '../../format';
import { herePath, signInUrl } from '../../links';
import type { Answers } from './state';

export interface QuizView {
  readonly form: HTMLFormElement;
  readonly questions: HTMLOListElement;
  readonly status: HTMLElement;
  readonly formStatus: HTMLElement;
  readonly retry: HTMLButtonElement;
  readonly submit: HTMLButtonElement;
  readonly result: HTMLElement;
  readonly again: HTMLButtonElement;
  readonly history: HTMLElement;
  readonly historyList: HTMLOListElement;
  readonly historyMore: HTMLButtonElement;
  readonly historyEmpty: HTMLElement;
  readonly historyStatus: HTMLElement;
  readonly historyTitle: HTMLElement;
}

export function quizView(): QuizView {
  return {
    form: byId('quiz-form', HTMLFormElement),
    questions: byId('quiz-questions', HTMLOListElement),
    status: byId('quiz-status', HTMLElement),
    formStatus: byId('quiz-form-status', HTMLElement),
    retry: byId('quiz-retry', HTMLButtonElement),
    submit: byId('quiz-submit', HTMLButtonElement),
    result: byId('quiz-result', HTMLElement),
    again: byId('result-again', HTMLButtonElement),
    history: byId('quiz-history', HTMLElement),
    historyList: byId('history-list', HTMLOListElement),
    historyMore: byId('history-more', HTMLButtonElement),
    historyEmpty: byId('history-empty', HTMLElement),
    historyStatus: byId('history-status', HTMLElement),
    historyTitle: byId('history-title', HTMLElement),
  };
}

export function showSignedInParts(view: QuizView, signedIn: boolean): void {
  byId('quiz-signin', HTMLElement).hidden = signedIn;
  byId('quiz-submit-row', HTMLElement).hidden = !signedIn;
  byId('quiz-signin-link', HTMLAnchorElement).href = signInUrl({ next: herePath() });
  view.history.hidden = !signedIn;
}

export function showLoading(view: QuizView): void {
  view.retry.hidden = true;
  showStatus(view.status, 'Loading the questions…');
}

export function showLoadFailed(view: QuizView, err: unknown): void {
  const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
  showStatus(view.status, `Couldn't load the quiz. ${reason}`, 'error');
  view.retry.hidden = false;
}

function renderQuestion(question: QuizQuestion, index: number): HTMLLIElement {
  const name = `q-${index}`;
  const errorId = `${name}-error`;
  const options = question.options.map((option, i) => {
    const id = `${name}-${i}`;
    return el(
      'div',
      { class: 'quiz-option' },
      el('input', {
        type: 'radio',
        id,
        name,
        value: option.id,
        'data-question': question.id,
        'aria-describedby': errorId,
      }),
      el('label', { for: id }, option.text),
    );
  });
  return el(
    'li',
    { class: 'card quiz-question' },
    el(
      'fieldset',
      { 'data-question': question.id },
      el('legend', {}, el('span', { class: 'quiz-number' }, `${index + 1}.`), ' ', question.text),
      el('div', { class: 'quiz-options' }, ...options),
      el('p', { id: errorId, class: 'field-error', hidden: true }, 'Choose one answer.'),
    ),
  );
}

const radiosOf = (parent: ParentNode): HTMLInputElement[] =>
  Array.from(parent.querySelectorAll<HTMLInputElement>('input[type="radio"]'));

const fieldsetsOf = (view: QuizView): HTMLFieldSetElement[] =>
  Array.from(view.questions.querySelectorAll('fieldset'));

/** Draws the questions with the kept choices ticked, and shows the form. */
export function showQuestions(view: QuizView, questions: readonly QuizQuestion[], draft: Answers): void {
  showStatus(view.status, '');
  view.questions.replaceChildren(...questions.map(renderQuestion));
  for (const radio of radiosOf(view.questions)) {
    if (draft[radio.dataset.question ?? ''] === radio.value) radio.checked = true;
  }
  view.form.hidden = false;
}

/** Shows or clears a question's "choose one" problem. */
function markQuestion(fieldset: HTMLFieldSetElement, answered: boolean): void {
  const error = fieldset.querySelector<HTMLElement>('.field-error');
  if (error) {
    error.hidden = answered;
    if (!answered) error.textContent = 'Choose one answer.';
  }
  for (const radio of radiosOf(fieldset)) {
    if (answered) radio.removeAttribute('aria-invalid');
    else radio.setAttribute('aria-invalid', 'true');
  }
}

/** Every question's choice, and the fieldsets still unanswered (marked as such when `mark`). */
export function collectAnswers(
  view: QuizView,
  mark: boolean,
): { answers: Answers; missing: HTMLFieldSetElement[] } {
  const answers: Answers = {};
  const missing: HTMLFieldSetElement[] = [];
  for (const fieldset of fieldsetsOf(view)) {
    const checked = fieldset.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    if (checked) answers[fieldset.dataset.question ?? ''] = checked.value;
    else missing.push(fieldset);
    if (mark) markQuestion(fieldset, checked !== null);
  }
  return { answers, missing };
}

/** A question answered after a failed submit stops showing its problem. */
export function clearQuestionProblem(target: EventTarget | null): void {
  const fieldset = (target as HTMLElement).closest('fieldset');
  if (!fieldset) return;
  fieldset.querySelector<HTMLElement>('.field-error')?.setAttribute('hidden', '');
  for (const radio of Array.from(fieldset.querySelectorAll('input'))) radio.removeAttribute('aria-invalid');
}

const focusFirstInput = (fieldset: HTMLFieldSetElement | null | undefined): void =>
  fieldset?.querySelector<HTMLInputElement>('input')?.focus();

export function showMissing(view: QuizView, missing: readonly HTMLFieldSetElement[], message: string): void {
  showStatus(view.formStatus, message, 'error');
  focusFirstInput(missing[0]);
}

export function setSubmitting(view: QuizView, submitting: boolean): void {
  view.submit.disabled = submitting;
  showStatus(view.formStatus, submitting ? 'Finding your park…' : '');
}

/** Puts each problem under its question, then the summary, and focuses the first marked question. */
export function showSubmitFailed(
  view: QuizView,
  problems: readonly [questionId: string, problem: string][],
  message: string,
): void {
  view.submit.disabled = false;
  let firstMarked: HTMLFieldSetElement | null = null;
  for (const [questionId, problem] of problems) {
    const fieldset = fieldsetsOf(view).find((f) => f.dataset.question === questionId);
    const error = fieldset?.querySelector<HTMLElement>('.field-error');
    if (!fieldset || !error) continue;
    error.textContent = problem;
    error.hidden = false;
    firstMarked ??= fieldset;
  }
  showStatus(view.formStatus, message, 'error');
  focusFirstInput(firstMarked);
}

export function showResult(view: QuizView, result: QuizResult): void {
  const link = byId('result-link', HTMLAnchorElement);
  link.href = parkUrl(result.park.id);
  setText(link, result.park.name);
  byId('result-visit', HTMLAnchorElement).href = parkUrl(result.park.id);
  setText(byId('result-details', HTMLElement), '');
  view.result.hidden = false;
  view.form.hidden = true;
  view.result.focus();
}

export function showResultDetails(park: Park): void {
  setText(byId('result-details', HTMLElement), `${park.state} · ${park.biome}. ${park.description}`);
}

/** Back to an empty form, focus on the first choice. */
export function showFreshForm(view: QuizView): void {
  view.result.hidden = true;
  view.form.hidden = false;
  view.form.reset();
  showStatus(view.formStatus, '');
  view.questions.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
}

export function renderHistoryItem(result: QuizResult, onRemove: () => void): HTMLLIElement {
  const remove = el(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-danger-text',
      'aria-label': `Delete result ${result.park.name}, ${formatDateTime(result.createdAt)}`,
    },
    'Delete',
  );
  remove.addEventListener('click', onRemove);
  return el(
    'li',
    { class: 'card item history-item', 'data-result-id': result.id },
    el(
      'div',
      { class: 'history-text' },
      el('a', { href: parkUrl(result.park.id), class: 'history-park' }, result.park.name),
      el('time', { datetime: result.createdAt, class: 'item-meta' }, formatDateTime(result.createdAt)),
    ),
    remove,
  );
}
