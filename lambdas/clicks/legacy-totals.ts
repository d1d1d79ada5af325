import { ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TOTAL_KEY, minuteKeyOf } from './totals-store';

/**
 * Before totals came from the stream, the clicks table also held the totals, sharded:
 * `TOTAL#<shard>` / `#` and `MINUTE#<shard>` / `<minute>`, and one `IDEMPOTENCY#…` item per claimed
 * key. A data directory from then keeps its users' clicks; this moves its totals into the click
 * totals table, so the global total and the log go on from where they were.
 *
 * Each old item moves in its own transaction (delete it, add its clicks), so a move interrupted
 * half way counts nothing twice when it runs again. Returns the clicks moved.
 */
export async function adoptLegacyTotals(
  db: DynamoDBDocumentClient,
  clicksTable: string,
  totalsTable: string,
): Promise<number> {
  let moved = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: clicksTable,
        FilterExpression: 'begins_with(pk, :total) OR begins_with(pk, :minute) OR begins_with(pk, :key)',
        ExpressionAttributeValues: { ':total': 'TOTAL#', ':minute': 'MINUTE#', ':key': 'IDEMPOTENCY#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      const clicks = Number(item.clicks ?? 0);
      const target = pk.startsWith('TOTAL#')
        ? TOTAL_KEY
        : pk.startsWith('MINUTE#')
          ? minuteKeyOf(String(item.sk))
          : undefined;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: clicksTable,
                Key: { pk, sk: item.sk },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            ...(target && clicks > 0
              ? [
                  {
                    Update: {
                      TableName: totalsTable,
                      Key: target,
                      UpdateExpression: 'ADD clicks :n',
                      ExpressionAttributeValues: { ':n': clicks },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      if (pk.startsWith('TOTAL#')) moved += clicks;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return moved;
}
