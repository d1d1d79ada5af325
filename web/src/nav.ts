/**
 * The site navigation, the same on every page. New areas (parks, quiz, locations, chat) add one
 * line to NAV_ITEMS and a page; nothing else changes.
 */
import { el } from './dom';
import { paths, signInUrl } from './links';
import { clearSession, currentSession } from './session';

export interface NavItem {
  /** Matches `<body data-page>` of the page the link leads to. */
  readonly page: string;
  readonly href: string;
  readonly label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { page: 'home', href: paths.home, label: 'Home' },
  { page: 'clicks', href: paths.clicks, label: 'Clicks' },
  { page: 'dashboard', href: paths.dashboard, label: 'Dashboard' },
];

export function signOut(): void {
  clearSession();
  window.location.assign(paths.home);
}

export function renderNav(nav: HTMLElement, account: HTMLElement, currentPage: string): void {
  const list = el('ul', { class: 'nav-list' });
  for (const item of NAV_ITEMS) {
    const current = item.page === currentPage;
    list.append(
      el(
        'li',
        {},
        el(
          'a',
          { href: item.href, class: 'nav-link', 'aria-current': current ? 'page' : undefined },
          item.label,
        ),
      ),
    );
  }
  nav.replaceChildren(list);

  const session = currentSession();
  if (session) {
    const button = el('button', { type: 'button', class: 'button button-quiet', id: 'sign-out' }, 'Sign out');
    button.addEventListener('click', signOut);
    account.replaceChildren(
      el('span', { class: 'account-name' }, 'Signed in as ', el('strong', {}, session.username || 'you')),
      button,
    );
  } else if (currentPage !== 'home') {
    account.replaceChildren(el('a', { class: 'button button-quiet', href: signInUrl() }, 'Sign in'));
  } else {
    account.replaceChildren();
  }
}
