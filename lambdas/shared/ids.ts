import { randomBytes } from 'node:crypto';

/**
 * An opaque id that sorts by creation time as a string (10 base-36 digits of milliseconds, then 12
 * random hex digits), so a sort key made of it lists items in time order without an index.
 */
export const timeOrderedId = (at: Date = new Date()): string =>
  `${at.getTime().toString(36).padStart(10, '0')}${randomBytes(6).toString('hex')}`;

export const TIME_ORDERED_ID = /^[0-9a-z]{10}[0-9a-f]{12}$/;
