/** The site's runtime settings (/config.json), read once per page. */
import { SITE_CONFIG_PATH, type SiteConfig } from '../../../lambdas/contract/live-events';

let loading: Promise<SiteConfig> | undefined;

/** An unreadable file means no live totals, never a broken page: the pages poll instead. */
export function siteConfig(): Promise<SiteConfig> {
  loading ??= fetch(SITE_CONFIG_PATH, { cache: 'no-cache' })
    .then((answer) => (answer.ok ? (answer.json() as Promise<SiteConfig>) : {}))
    .catch(() => ({}));
  return loading;
}
