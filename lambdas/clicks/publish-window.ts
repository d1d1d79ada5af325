/**
 * Coalesces the live publishes of a whole stage: time is cut into slots of one window, and at most
 * one publish goes at the start of each slot. A batch, once counted, claims the next slot's start
 * (one conditional write, shared by every shard's aggregator); the one that gets it waits for that
 * moment and publishes the totals as they are then, which hold its clicks and those of every batch
 * counted before, the ones that lost the claim included. So viewers get at most one push a window,
 * however many clicks and shards there are, and still every click is in a push.
 */
export const PUBLISH_WINDOW_MS = 250;

/** The slot whose start a batch counted at `now` is published at: always after `now`. */
export const publishSlot = (now: number, windowMs: number = PUBLISH_WINDOW_MS): number =>
  Math.floor(now / windowMs) + 1;

/** When a slot's publish goes. */
export const slotStart = (slot: number, windowMs: number = PUBLISH_WINDOW_MS): number => slot * windowMs;
