/**
 * The site navigation, the same on every page. A new area adds one line to NAV_ITEMS and a page;
 * nothing else changes.
 */
import { el } from './dom';
import { paths, signInUrl } from './links';
import { clearSession, currentSession } from './session';

export interface NavItem {
  /** Matches `<body data-page>` of the page the link leads to. */
  readonly page: string;
  readonly href: string;
  readonly label: string;
  /** Other pages that belong to this item's section (the park page is under Parks). */
  readonly section?: readonly string[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { page: 'home', href: paths.home, label: 'Home' },
  { page: 'clicks', href: paths.clicks, label: 'Clicks' },
  { page: 'dashboard', href: paths.dashboard, label: 'Dashboard' },
  { page: 'parks', href: paths.parks, label: 'Parks', section: ['park'] },
  { page: 'quiz', href: paths.quiz, label: 'Quiz' },
  { page: 'locations', href: paths.locations, label: 'Locations' },
  { page: 'chat', href: paths.chat, label: 'Chat' },
];

export function signOut(): void {
  clearSession();
  window.location.assign(paths.home);
}

export function renderNav(nav: HTMLElement, account: HTMLElement, currentPage: string): void {
  const list = el('ul', { class: 'nav-list' });
  for (const item of NAV_ITEMS) {
    // "page" for the page itself; "true" for a page inside the item's section.
    const current =
      item.page === currentPage ? 'page' : item.section?.includes(currentPage) ? 'true' : undefined;
    list.append(
      el('li', {}, el('a', { href: item.href, class: 'nav-link', 'aria-current': current }, item.label)),
    );
  }
  nav.replaceChildren(list);

  const session = currentSession();
  if (session) {
    const button = el('button', { type: 'button', class: 'button button-quiet', id: 'sign-out' }, 'Sign out');
    button.addEventListener('click', signOut);
    const name = session.username || 'you';
    // Only the name shows (cut short if long, full in the tooltip); "Signed in as" is for screen readers.
    account.replaceChildren(
      el(
        'span',
        { class: 'account-name', title: `Signed in as ${name}` },
        el('span', { class: 'visually-hidden' }, 'Signed in as '),
        el('strong', {}, name),
      ),
      button,
    );
  } else if (currentPage !== 'home') {
    account.replaceChildren(el('a', { class: 'button button-quiet', href: signInUrl() }, 'Sign in'));
  } else {
    account.replaceChildren();
  }
}
