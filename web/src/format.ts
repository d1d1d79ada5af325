/** Number and time formatting in the reader's locale. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const rate = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const clockTime = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const minuteTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export const formatCount = (n: number): string => integer.format(n);
export const formatRate = (n: number): string => rate.format(n);
export const formatClock = (date: Date): string => clockTime.format(date);
export const formatMinute = (iso: string): string => minuteTime.format(new Date(iso));
export const formatDayMinute = (iso: string): string => dateTime.format(new Date(iso));

/** "15 minutes", "1 hour", "24 hours". */
export function formatWindow(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}
