/** What every page does first: draw the shared header and keep it in step with the session. */
import { byId } from './dom';
import { renderNav } from './nav';
import { onSessionChange } from './session';

export function startPage(page: string): void {
  const nav = byId('site-nav', HTMLElement);
  const account = byId('site-account', HTMLElement);
  const draw = (): void => renderNav(nav, account, page);
  draw();
  onSessionChange(draw);
}

/** Redraws the header after this page changed the session (the storage event only fires in other tabs). */
export function refreshHeader(page: string): void {
  renderNav(byId('site-nav', HTMLElement), byId('site-account', HTMLElement), page);
}
