/**
 * Form plumbing shared by every page with a form: per-field messages wired to their inputs for
 * screen readers, a form-level message, and a busy state that stops double submits.
 *
 * A field is any named input, textarea, select or radio group; its message is the element with
 * `data-error-for="<name>"` inside the form.
 */
import { ApiError, messageOf } from './api';
import { showStatus, type StatusTone } from './dom';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function isControl(value: unknown): value is Control {
  return (
    value instanceof HTMLInputElement ||
    value instanceof HTMLTextAreaElement ||
    value instanceof HTMLSelectElement
  );
}

/** "must be at least 3 characters" reads better under a field as "Must be at least 3 characters." */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export class FormView {
  private readonly fieldErrors = new Map<string, HTMLElement>();

  constructor(
    readonly form: HTMLFormElement,
    private readonly status: HTMLElement,
  ) {
    for (const error of Array.from(form.querySelectorAll<HTMLElement>('[data-error-for]'))) {
      const name = error.dataset.errorFor;
      if (name && this.hasField(name)) this.fieldErrors.set(name, error);
    }
  }

  private hasField(name: string): boolean {
    return this.form.elements.namedItem(name) !== null;
  }

  /** Every element of a field: one control, or each radio of a group. */
  private controls(name: string): Control[] {
    const item = this.form.elements.namedItem(name);
    if (item instanceof RadioNodeList) return Array.from(item).filter(isControl);
    if (isControl(item)) return [item];
    throw new Error(`form has no field ${name}`);
  }

  input(name: string): HTMLInputElement {
    const input = this.form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement)) throw new Error(`form has no input ${name}`);
    return input;
  }

  /** The value of a field: the text typed, the option chosen, or the radio checked ('' if none). */
  value(name: string): string {
    const item = this.form.elements.namedItem(name);
    if (item instanceof RadioNodeList) return item.value;
    if (isControl(item)) return item.value;
    throw new Error(`form has no field ${name}`);
  }

  /** Shows or clears one field's problem; returns whether the field is fine. */
  setFieldError(name: string, problem: string | null): boolean {
    const error = this.fieldErrors.get(name);
    if (error) {
      error.textContent = problem ?? '';
      error.hidden = problem === null;
    }
    for (const control of this.controls(name)) {
      if (problem === null) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    }
    return problem === null;
  }

  /**
   * Shows the server's per-field problems. Fields this form has no place for go into the
   * form-level message so nothing the server said is lost.
   */
  showFieldErrors(fields: Readonly<Record<string, string>>): string[] {
    const unplaced: string[] = [];
    for (const [name, problem] of Object.entries(fields)) {
      if (this.fieldErrors.has(name)) this.setFieldError(name, sentence(problem));
      else unplaced.push(`${name}: ${problem}`);
    }
    return unplaced;
  }

  /**
   * Puts a failed request's explanation where the user will look: each field's problem under
   * that field, the server's message (plus anything it said about fields this form lacks) in the
   * form's status, and the focus on the first field to fix.
   */
  showFailure(err: unknown): void {
    if (!(err instanceof ApiError)) {
      this.setStatus(messageOf(err), 'error');
      return;
    }
    const placed = Object.keys(err.fields).length;
    const unplaced = this.showFieldErrors(err.fields);
    // The server's message repeats every field's problem; once each sits under its field, say less.
    let message =
      err.status === 400 && placed > 0 && unplaced.length === 0
        ? placed === 1
          ? 'Please fix the field marked below.'
          : 'Please fix the fields marked below.'
        : err.message;
    if (unplaced.length > 0) message += ` (${unplaced.join('; ')})`;
    if (err.status === 429 && err.retryAfterSeconds !== undefined) {
      message += ` Try again in ${Math.max(1, Math.ceil(err.retryAfterSeconds))} s.`;
    }
    this.setStatus(message, 'error');
    this.focusFirstInvalid();
  }

  clearErrors(): void {
    for (const name of this.fieldErrors.keys()) this.setFieldError(name, null);
    this.setStatus('');
  }

  setStatus(message: string, tone: StatusTone = 'info'): void {
    showStatus(this.status, message, tone);
  }

  focusFirstInvalid(): void {
    this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  setBusy(busy: boolean): void {
    this.form.setAttribute('aria-busy', String(busy));
    for (const button of Array.from(this.form.querySelectorAll('button'))) button.disabled = busy;
  }
}
