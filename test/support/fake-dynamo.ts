import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One command a store sent: its class name (e.g. `QueryCommand`) and its input. */
export interface Sent {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/**
 * A DynamoDB document client for unit tests: it records every command it is sent and answers what
 * `answer` returns (or throws what it throws), with no network and no emulator.
 */
export function fakeDynamo(answer: (sent: Sent) => unknown): {
  client: DynamoDBDocumentClient;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const call = { command: command.constructor.name, input: command.input };
      sent.push(call);
      return answer(call);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}
