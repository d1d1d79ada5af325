/**
 * A park's discussion: the posts, newest first with "Load more", a form to start one, and edit
 * and delete on your own posts (the server checks too: anyone else gets a 403).
 */
import { ApiError, messageOf } from '../../api';
import { confirmAction } from '../../confirm';
import { el, showStatus } from '../../dom';
import {
  createPost,
  deletePost,
  listPosts,
  POST_BODY_MAX,
  POST_TITLE_MAX,
  updatePost,
  type Post,
  type PostInput,
} from '../../endpoints/parks';
import { textField } from '../../fields';
import { FormView } from '../../forms';
import { sameUser } from '../../me';
import { PagedList } from '../../paged-list';
import { renderPostContent } from './items';

export interface PostsElements {
  readonly list: HTMLOListElement;
  readonly more: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly empty: HTMLElement;
  readonly heading: HTMLElement;
}

/** Client-side hints only; the server has the last word. */
function checkPost(form: FormView, input: PostInput): boolean {
  const problem = (value: string, max: number, what: string): string | null =>
    value === '' ? `Enter a ${what}.` : value.length > max ? `Use at most ${max} characters.` : null;
  return [
    form.setFieldError('title', problem(input.title, POST_TITLE_MAX, 'title')),
    form.setFieldError('body', problem(input.body, POST_BODY_MAX, 'message')),
  ].every(Boolean);
}

/** The form's post, or undefined (errors shown, first invalid field focused) when the hints refuse it. */
function validPostOf(form: FormView): PostInput | undefined {
  form.clearErrors();
  const input = { title: form.value('title').trim(), body: form.value('body').trim() };
  if (checkPost(form, input)) return input;
  form.focusFirstInvalid();
  return undefined;
}

export class PostsSection {
  private readonly list: PagedList<Post>;

  constructor(
    private readonly parkId: string,
    private readonly elements: PostsElements,
    /** The signed-in username, or null. */
    private readonly me: () => string | null,
  ) {
    this.list = new PagedList<Post>({
      list: elements.list,
      moreButton: elements.more,
      status: elements.status,
      empty: elements.empty,
      noun: ['post', 'posts'],
      fetchPage: (cursor, signal) => listPosts(parkId, cursor, signal),
      keyOf: (post) => post.id,
      render: (post) => this.render(post),
    });
    elements.heading.tabIndex = -1;
  }

  reload(): Promise<void> {
    return this.list.reload();
  }

  /** Redraws every post (after learning who is signed in, which decides the Edit buttons). */
  redraw(): void {
    for (const post of this.list.items) this.list.replace(post);
  }

  /** Wires the "start a post" form. */
  attachForm(formElement: HTMLFormElement, status: HTMLElement): void {
    const form = new FormView(formElement, status);
    formElement.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = validPostOf(form);
      if (!input) return;
      form.setBusy(true);
      form.setStatus('Posting…');
      createPost(this.parkId, input).then(
        (post) => {
          form.setBusy(false);
          formElement.reset();
          this.list.prepend(post);
          form.setStatus('Your post is up.', 'success');
        },
        (err: unknown) => {
          form.setBusy(false);
          form.showFailure(err);
        },
      );
    });
  }

  private isMine(post: Post): boolean {
    const me = this.me();
    return me !== null && sameUser(post.author, me);
  }

  private render(post: Post): HTMLLIElement {
    const mine = this.isMine(post);
    const item = el('li', { class: 'card item post-item', 'data-post-id': post.id });
    item.append(renderPostContent(post, mine));
    if (mine) {
      const edit = el(
        'button',
        { type: 'button', class: 'button button-quiet', 'data-action': 'edit' },
        'Edit post',
      );
      const remove = el(
        'button',
        { type: 'button', class: 'button button-quiet button-danger-text', 'data-action': 'delete' },
        'Delete post',
      );
      edit.addEventListener('click', () => this.startEdit(post, item));
      remove.addEventListener('click', () => void this.remove(post));
      item.append(el('div', { class: 'actions item-actions' }, edit, remove));
    }
    return item;
  }

  private startEdit(post: Post, item: HTMLLIElement): void {
    const title = textField({ name: 'title', label: 'Title', value: post.title, maxLength: POST_TITLE_MAX });
    const body = textField({
      name: 'body',
      label: 'Message',
      value: post.body,
      maxLength: POST_BODY_MAX,
      multiline: true,
      rows: 5,
    });
    const save = el('button', { type: 'submit', class: 'button button-primary' }, 'Save post');
    const cancel = el('button', { type: 'button', class: 'button button-quiet' }, 'Cancel');
    const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const formElement = el(
      'form',
      { class: 'form', novalidate: true, 'aria-label': 'Edit post' },
      title.wrapper,
      body.wrapper,
      el('div', { class: 'actions' }, save, cancel),
      status,
    );
    item.replaceChildren(formElement);
    title.control.focus();
    const form = new FormView(formElement, status);

    const backToPost = (updated: Post): void => {
      const element = this.list.replace(updated);
      element?.querySelector<HTMLButtonElement>('[data-action="edit"]')?.focus();
    };
    cancel.addEventListener('click', () => backToPost(post));
    formElement.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') backToPost(post);
    });
    formElement.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = validPostOf(form);
      if (!input) return;
      const patch: Partial<PostInput> = {
        ...(input.title !== post.title ? { title: input.title } : {}),
        ...(input.body !== post.body ? { body: input.body } : {}),
      };
      if (Object.keys(patch).length === 0) {
        backToPost(post);
        return;
      }
      form.setBusy(true);
      form.setStatus('Saving…');
      updatePost(this.parkId, post.id, patch).then(
        (updated) => {
          backToPost(updated);
          showStatus(this.elements.status, 'Post updated.', 'success');
        },
        (err: unknown) => {
          form.setBusy(false);
          form.showFailure(err);
        },
      );
    });
  }

  private async remove(post: Post): Promise<void> {
    const ok = await confirmAction({
      title: 'Delete this post?',
      message: `“${post.title}” will be removed for everyone. This can't be undone.`,
      confirmLabel: 'Delete post',
    });
    if (!ok) return;
    try {
      await deletePost(this.parkId, post.id);
      this.list.remove(post.id);
      showStatus(this.elements.status, 'Post deleted.', 'success');
      this.elements.heading.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.list.remove(post.id);
        showStatus(this.elements.status, 'That post had already been deleted.', 'info');
        this.elements.heading.focus();
        return;
      }
      showStatus(this.elements.status, `Couldn't delete the post. ${messageOf(err)}`, 'error');
    }
  }
}
