/**
 * Tiny DOM helpers. Text always goes in through textContent / text nodes: nothing the user or
 * the server wrote is ever parsed as HTML.
 */

type Child = Node | string | null | undefined | false;
type Attributes = Readonly<Record<string, string | boolean | undefined>>;

/** The element with this id, checked to be the expected kind; a missing one is a page bug. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`);
  return element;
}

/** Creates an element; string children become text nodes, boolean attributes toggle. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export type StatusTone = 'info' | 'success' | 'error' | 'warning';

/**
 * Shows a message in a status area. The area stays in the page when empty (CSS collapses it)
 * because screen readers only announce changes to live regions that already exist. Rewriting
 * the same text is skipped so nothing is announced twice.
 */
export function showStatus(element: HTMLElement, message: string, tone: StatusTone = 'info'): void {
  element.dataset.tone = tone;
  setText(element, message);
}
