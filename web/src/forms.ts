/**
 * Form plumbing shared by every page with a form: per-field messages wired to their inputs for
 * screen readers, a form-level message, and a busy state that stops double submits.
 */
import { showStatus, type StatusTone } from './dom';

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
    for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input[name]'))) {
      const error = form.querySelector<HTMLElement>(`[data-error-for="${input.name}"]`);
      if (error) this.fieldErrors.set(input.name, error);
    }
  }

  input(name: string): HTMLInputElement {
    const input = this.form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement)) throw new Error(`form has no input ${name}`);
    return input;
  }

  value(name: string): string {
    return this.input(name).value;
  }

  /** Shows or clears one field's problem; returns whether the field is fine. */
  setFieldError(name: string, problem: string | null): boolean {
    const input = this.input(name);
    const error = this.fieldErrors.get(name);
    if (error) {
      error.textContent = problem ?? '';
      error.hidden = problem === null;
    }
    if (problem === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
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

  clearErrors(): void {
    for (const name of this.fieldErrors.keys()) this.setFieldError(name, null);
    this.setStatus('');
  }

  setStatus(message: string, tone: StatusTone = 'info'): void {
    showStatus(this.status, message, tone);
  }

  focusFirstInvalid(): void {
    this.form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }

  setBusy(busy: boolean): void {
    this.form.setAttribute('aria-busy', String(busy));
    for (const button of Array.from(this.form.querySelectorAll('button'))) button.disabled = busy;
  }
}
