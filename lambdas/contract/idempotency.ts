/**
 * How many of a user's most recent click Idempotency-Keys the clicks table remembers, and for how
 * long: as many as keep the user's item under 1 KB, so that every click is one write unit. The page
 * paces its clicks by it so that a re-sent click always finds its key remembered.
 */
export const REMEMBERED_KEYS = 16;
export const KEY_LIFETIME_S = 600;
