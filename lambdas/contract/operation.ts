import type * as z from 'zod/mini';
import type { Area, OperationId } from './routes';

/** Every request body is at most this large; the pipeline answers 413 above it. */
export const MAX_BODY_BYTES = 16 * 1024;

/** What an operation accepts and answers; the pipeline validates with it and the OpenAPI document describes it. */
export interface OperationSchema {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly params?: z.ZodMiniType;
  readonly response?: z.ZodMiniType;
  readonly successStatus?: number;
  /** Further success statuses answered with the same body (201 when a PUT created what it names). */
  readonly otherSuccessStatuses?: readonly number[];
  /** Error statuses this operation can answer besides the ones every operation can (400, 413, 415, 500). */
  readonly errors?: readonly number[];
  readonly headers?: Readonly<Record<string, { description: string; maxLength: number }>>;
}

export type AreaSchemas<A extends Area> = Record<OperationId<A>, OperationSchema>;
