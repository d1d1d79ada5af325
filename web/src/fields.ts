/**
 * Builders for the fields of forms that pages draw themselves (edit forms, forms repeated per
 * item). Each field has a visible label, an optional hint and an error line, all wired to the
 * control with aria-describedby, and works with FormView (`data-error-for`).
 */
import { el } from './dom';

let nextId = 0;
/** Ids unique in the page, so the same form can be drawn many times. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly required?: boolean;
  /** Id prefix; defaults to a unique one. */
  readonly id?: string;
}

export interface TextFieldOptions extends FieldBase {
  readonly value?: string;
  readonly maxLength?: number;
  readonly multiline?: boolean;
  readonly rows?: number;
  readonly inputMode?: 'text' | 'decimal' | 'numeric';
  readonly autocomplete?: string;
  readonly placeholder?: string;
}

export interface Field<C extends HTMLElement> {
  readonly wrapper: HTMLDivElement;
  readonly control: C;
}

function describe(control: HTMLElement, base: FieldBase, id: string): HTMLElement[] {
  const extra: HTMLElement[] = [];
  const described: string[] = [];
  if (base.hint) {
    extra.push(el('p', { id: `${id}-hint`, class: 'hint' }, base.hint));
    described.push(`${id}-hint`);
  }
  const error = el('p', {
    id: `${id}-error`,
    class: 'field-error',
    'data-error-for': base.name,
    hidden: true,
  });
  extra.push(error);
  described.push(`${id}-error`);
  control.setAttribute('aria-describedby', described.join(' '));
  return extra;
}

function labelFor(id: string, base: FieldBase): HTMLLabelElement {
  return el(
    'label',
    { for: id },
    base.label,
    base.required === false ? el('span', { class: 'optional' }, ' (optional)') : null,
  );
}

export function textField(options: TextFieldOptions): Field<HTMLInputElement | HTMLTextAreaElement> {
  const id = options.id ?? uniqueId(`field-${options.name}`);
  const attributes = {
    id,
    name: options.name,
    required: options.required === true,
    maxlength: options.maxLength === undefined ? undefined : String(options.maxLength),
    autocomplete: options.autocomplete ?? 'off',
    placeholder: options.placeholder,
  };
  const control = options.multiline
    ? el('textarea', { ...attributes, rows: String(options.rows ?? 4) })
    : el('input', { ...attributes, type: 'text', inputmode: options.inputMode });
  control.value = options.value ?? '';
  const wrapper = el(
    'div',
    { class: 'field' },
    labelFor(id, options),
    control,
    ...describe(control, options, id),
  );
  return { wrapper, control };
}

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectFieldOptions extends FieldBase {
  readonly options: readonly SelectOption[];
  readonly value?: string;
}

export function selectField(options: SelectFieldOptions): Field<HTMLSelectElement> {
  const id = options.id ?? uniqueId(`field-${options.name}`);
  const control = el('select', { id, name: options.name });
  setSelectOptions(control, options.options, options.value ?? '');
  const wrapper = el(
    'div',
    { class: 'field' },
    labelFor(id, options),
    control,
    ...describe(control, options, id),
  );
  return { wrapper, control };
}

/** Replaces a select's options, keeping the chosen value when it is still offered. */
export function setSelectOptions(
  select: HTMLSelectElement,
  options: readonly SelectOption[],
  value: string = select.value,
): void {
  select.replaceChildren(...options.map((o) => el('option', { value: o.value }, o.label)));
  select.value = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
}
