import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One DynamoDB request as the SDK client saw it (document form: plain values, not AttributeValues). */
export interface DynamoCall {
  /** Operation name, e.g. `TransactWriteItems`. */
  readonly operation: string;
  /** Order in which the calls were sent (they are recorded as they finish). */
  readonly seq: number;
  readonly ms: number;
  /** Error name when the call failed, e.g. `TransactionCanceledException`. */
  readonly error?: string;
  /** Codes of a cancelled transaction, e.g. `TransactionConflict`. */
  readonly cancellationReasons?: readonly string[];
  readonly consumed?: readonly ConsumedCapacity[];
  readonly input: unknown;
  readonly output?: unknown;
}

export interface Probe {
  /** The calls since the last take, and forgets them. */
  take(): DynamoCall[];
  /** Requests sent and not yet answered. */
  inFlight(): number;
  detach(): void;
}

const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
export const isRead = (operation: string): boolean => READ_OPERATIONS.has(operation);

let probes = 0;

/**
 * Watches every request of a client from the outside, so the bench can see what the handlers and the
 * ClickStore really send (and what DynamoDB answers) without any hook in their code. A document
 * client shares its middleware stack with the client it wraps.
 *
 * It changes nothing about a request: asking for consumed capacity costs DynamoDB Local measurably
 * more for the click's write than for a plain UpdateItem, so under load nothing asks.
 */
export function attachProbe(client: DynamoDBDocumentClient): Probe {
  const name = `benchProbe${++probes}`;
  let calls: DynamoCall[] = [];
  let inFlight = 0;
  let sent = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const { input } = args;
      const started = process.hrtime.bigint();
      const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
      const seq = ++sent;
      inFlight++;
      try {
        const result = await next(args);
        calls.push({
          operation,
          seq,
          ms: elapsed(),
          consumed: consumedOf(result.output),
          input,
          output: result.output,
        });
        return result;
      } catch (error) {
        calls.push({
          operation,
          seq,
          ms: elapsed(),
          error: error instanceof Error ? error.name : 'NonError',
          cancellationReasons: cancellationCodes(error),
          input,
        });
        throw error;
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize', name },
  );
  return {
    take: () => {
      const taken = calls;
      calls = [];
      return taken;
    },
    inFlight: () => inFlight,
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}

function consumedOf(output: unknown): ConsumedCapacity[] | undefined {
  if (typeof output !== 'object' || output === null || !('ConsumedCapacity' in output)) return undefined;
  const consumed = (output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
  if (consumed === undefined) return undefined;
  return Array.isArray(consumed) ? consumed : [consumed];
}

function cancellationCodes(error: unknown): string[] | undefined {
  if (typeof error !== 'object' || error === null || !('CancellationReasons' in error)) return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code ?? 'None');
}

/**
 * Units of a call as DynamoDB reported them, split by the kind of operation: with
 * ReturnConsumedCapacity TOTAL, reads often come back as `CapacityUnits` only, without a
 * ReadCapacityUnits field.
 */
export function reportedUnits(call: DynamoCall): { read: number; write: number } | undefined {
  if (!call.consumed) return undefined;
  let total = 0;
  for (const c of call.consumed)
    total += c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
  return isRead(call.operation) ? { read: total, write: 0 } : { read: 0, write: total };
}

export interface OperationStats {
  readonly calls: number;
  readonly failed: number;
  /** Cancelled transactions whose reasons include TransactionConflict. */
  readonly conflicts: number;
  readonly ms: number[];
}

export function statsByOperation(calls: readonly DynamoCall[]): Map<string, OperationStats> {
  const stats = new Map<string, { calls: number; failed: number; conflicts: number; ms: number[] }>();
  // In the order the operations were first sent, not finished, so a request sequence reads naturally.
  for (const call of [...calls].sort((a, b) => a.seq - b.seq)) {
    let s = stats.get(call.operation);
    if (!s) stats.set(call.operation, (s = { calls: 0, failed: 0, conflicts: 0, ms: [] }));
    s.calls++;
    s.ms.push(call.ms);
    if (call.error) s.failed++;
    if (
      call.error === 'TransactionConflictException' ||
      call.cancellationReasons?.includes('TransactionConflict')
    )
      s.conflicts++;
  }
  return stats;
}
