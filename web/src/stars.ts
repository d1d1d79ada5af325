/**
 * Star ratings: a read-only display (with a text equivalent for screen readers) and the 1–5
 * input, which is a native radio group so it has radio-group semantics for free: Tab enters the
 * group, the arrow keys change the rating, each star is labelled "1 star" … "5 stars".
 */
import { el } from './dom';
import { formatAverage } from './format';
import { uniqueId } from './fields';

export const STAR_VALUES = [1, 2, 3, 4, 5] as const;
const WORDS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

export const starsLabel = (n: number): string => `${n} star${n === 1 ? '' : 's'}`;

/**
 * Five stars filled up to `value` (fractions too). The glyphs are decoration; the element reads
 * as one image named "Rated 4.3 out of 5".
 */
export function starsDisplay(value: number | null, size: 'small' | 'large' = 'small'): HTMLSpanElement {
  // null: not rated yet; five grey stars that say nothing to a screen reader (the text beside does).
  const clamped = value === null ? 0 : Math.max(0, Math.min(5, value));
  const fill = el('span', { class: 'stars-fill', 'aria-hidden': 'true' }, '★★★★★');
  // The CSSOM (not a style attribute) sets the width, which the strict CSP allows.
  fill.style.setProperty('--fill', `${(clamped / 5) * 100}%`);
  return el(
    'span',
    value === null
      ? { class: `stars stars-${size}`, 'aria-hidden': 'true' }
      : {
          class: `stars stars-${size}`,
          role: 'img',
          'aria-label': `Rated ${formatAverage(clamped)} out of 5`,
        },
    el('span', { class: 'stars-base', 'aria-hidden': 'true' }, '★★★★★'),
    fill,
  );
}

export class StarInput {
  readonly fieldset: HTMLFieldSetElement;
  private readonly radios: HTMLInputElement[];
  private readonly labels: HTMLLabelElement[];
  private readonly word: HTMLElement;
  private hovered = 0;

  constructor(name: string, legend: string) {
    const prefix = uniqueId(`stars-${name}`);
    this.radios = STAR_VALUES.map((n) =>
      el('input', {
        type: 'radio',
        class: 'star-radio',
        name,
        id: `${prefix}-${n}`,
        value: String(n),
        'aria-describedby': `${prefix}-error`,
      }),
    );
    this.labels = STAR_VALUES.map((n) =>
      el(
        'label',
        { for: `${prefix}-${n}`, class: 'star-label', title: starsLabel(n) },
        el('span', { class: 'star-glyph', 'aria-hidden': 'true' }, '★'),
        el('span', { class: 'visually-hidden' }, starsLabel(n)),
      ),
    );
    this.word = el('span', { class: 'star-word', 'aria-hidden': 'true' });
    const row = el('div', { class: 'star-row' });
    STAR_VALUES.forEach((_, i) => row.append(this.radios[i], this.labels[i]));
    row.append(this.word);
    this.fieldset = el(
      'fieldset',
      { class: 'star-input' },
      el('legend', {}, legend),
      row,
      el('p', { id: `${prefix}-error`, class: 'field-error', 'data-error-for': name, hidden: true }),
    );

    row.addEventListener('change', () => this.paint());
    this.labels.forEach((label, i) => {
      label.addEventListener('mouseenter', () => {
        this.hovered = i + 1;
        this.paint();
      });
      label.addEventListener('mouseleave', () => {
        this.hovered = 0;
        this.paint();
      });
    });
    this.paint();
  }

  /** The chosen rating, 0 for none. */
  get value(): number {
    const checked = this.radios.find((r) => r.checked);
    return checked ? Number(checked.value) : 0;
  }

  set value(stars: number) {
    for (const radio of this.radios) radio.checked = Number(radio.value) === stars;
    this.paint();
  }

  focus(): void {
    (this.radios.find((r) => r.checked) ?? this.radios[0]).focus();
  }

  setDisabled(disabled: boolean): void {
    for (const radio of this.radios) radio.disabled = disabled;
  }

  /** Lights the stars up to the chosen (or hovered) one and names the choice. */
  private paint(): void {
    const shown = this.hovered || this.value;
    this.labels.forEach((label, i) => label.classList.toggle('is-lit', i < shown));
    this.word.textContent = shown > 0 ? WORDS[shown] : 'Choose a rating';
  }
}
