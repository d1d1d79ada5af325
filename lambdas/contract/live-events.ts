/**
 * The live click totals: an AppSync Events API per stage (lib/constructs/live-events.ts), or local
 * mode's implementation of the same protocol (lib/local/live-events.ts). The aggregator publishes,
 * the clicks page and the dashboard subscribe; all of them read the names and the event's shape here.
 */

/** The channel namespace: the aggregator's publish permission is on it alone. */
export const LIVE_NAMESPACE = 'clicks';
/** The one channel of the namespace. */
export const TOTALS_CHANNEL = `/${LIVE_NAMESPACE}/totals`;

/** What each event on the totals channel carries. */
export interface TotalsEvent {
  /** Every click counted so far. */
  readonly total: number;
  /** The minute (`yyyy-mm-ddThh:mm`, UTC) the publish was made in, and its clicks so far. */
  readonly minute: string;
  readonly minuteClicks: number;
  /**
   * The minute before's clicks: a push just after a minute ends may carry the last clicks of the
   * minute before, which the dashboard would otherwise miss.
   */
  readonly previousMinuteClicks: number;
}

/** The Events API's own path for publishing over HTTP, and for its WebSocket. */
export const PUBLISH_PATH = '/event';
export const REALTIME_PATH = '/event/realtime';
/** The WebSocket subprotocol AppSync Events speaks; the auth header travels as a second one. */
export const EVENTS_SUBPROTOCOL = 'aws-appsync-event-ws';
export const AUTH_SUBPROTOCOL_PREFIX = 'header-';

/** Where the site's runtime settings are, beside its pages. */
export const SITE_CONFIG_PATH = '/config.json';

/**
 * What the site reads from `/config.json` (the site stack writes it, local mode serves it): where the
 * live totals are and the key that lets anonymous viewers subscribe (it cannot publish).
 */
export interface SiteConfig {
  readonly live?: {
    /** `wss://…/event/realtime`; absent locally, where the page's own origin serves the socket. */
    readonly realtimeUrl?: string;
    /** The Events API's HTTP host, which the connection's auth names; the page's host locally. */
    readonly httpHost?: string;
    readonly apiKey: string;
  };
}

export const isTotalsEvent = (value: unknown): value is TotalsEvent => {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(event.total) &&
    Number.isSafeInteger(event.minuteClicks) &&
    Number.isSafeInteger(event.previousMinuteClicks) &&
    typeof event.minute === 'string'
  );
};
