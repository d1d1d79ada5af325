/**
 * What stores and domain functions refuse with. They speak only of the domain; the pipeline's error
 * middleware (middleware/error-response.ts) is the one place that turns them into HTTP answers.
 * `message` is written for the user: the API answers it as it is.
 */
export abstract class DomainError extends Error {}

/** The thing asked for does not exist (or is not the caller's, which the API does not tell apart). */
export class NotFound extends DomainError {}

/** The thing exists but belongs to someone else, who alone may change it. */
export class NotYours extends DomainError {}

/** The request contradicts what is stored, e.g. a name that is taken. */
export class Conflict extends DomainError {
  constructor(
    message: string,
    /** The machine-readable code of the answer. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** A per-user cap is reached: nothing more of this kind until something is removed. */
export class LimitReached extends Conflict {}

/** Input that passed the schemas but names nothing valid here, e.g. another list's cursor. */
export class InvalidInput extends DomainError {
  constructor(
    message: string,
    /** Which request fields are wrong, and how. */
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/** Busy or not ready yet: the same request may work after `retryAfterSeconds`. */
export class TryLater extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
