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

const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const coordinate = new Intl.NumberFormat(undefined, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** "12 Mar 2025, 14:05"; an unreadable timestamp is shown as it came rather than as "Invalid Date". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateAndTime.format(date);
}

/** An average rating, always with one decimal: "4.0". */
export const formatAverage = (n: number): string => oneDecimal.format(n);

/** "1 review", "12 reviews". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "63.1148° N, 151.1926° W". */
export function formatCoordinates(latitude: number, longitude: number): string {
  const lat = `${coordinate.format(Math.abs(latitude))}° ${latitude < 0 ? 'S' : 'N'}`;
  const lon = `${coordinate.format(Math.abs(longitude))}° ${longitude < 0 ? 'W' : 'E'}`;
  return `${lat}, ${lon}`;
}

/** "0.4 km", "12.3 km", "1,234 km". */
export function formatKm(km: number): string {
  return `${km < 100 ? oneDecimal.format(km) : formatCount(km)} km`;
}

const shortDateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A chat time: "14:05" today, "12 Mar, 14:05" on another day. */
export function formatChatTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString() ? minuteTime.format(date) : shortDateTime.format(date);
}
