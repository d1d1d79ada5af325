/** Plain-text report helpers: headings, aligned tables, number formats. */

export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function heading(title: string): void {
  print();
  print(title);
  print('='.repeat(title.length));
}

export type Align = 'left' | 'right';

export interface Column {
  readonly title: string;
  readonly align?: Align;
}

/** Numbers read best right-aligned, labels left-aligned; the first column is the label by default. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const align = (i: number): Align => columns[i].align ?? (i === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (align(i) === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  print(line(columns.map((c) => c.title)));
  print(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) print(line(row));
}

export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '-';

export const integer = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';

/** Units are multiples of 0.5, so two decimals only when needed. */
export const units = (value: number): string =>
  Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '-';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile, `q` in 0..1. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
