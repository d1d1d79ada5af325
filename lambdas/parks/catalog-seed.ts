import { createHash } from 'node:crypto';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parkCatalog, type Park } from '../shared/park-catalog';
import { STARS, histogramAttribute } from './domain';
import { catalogItemKey } from './store';

const PARK_FIELDS = ['id', 'name', 'state', 'biome', 'description', 'latitude', 'longitude'] as const;
const STAT_ATTRIBUTES = ['count', 'starSum', ...STARS.map(histogramAttribute)];
const PARALLEL_WRITES = 8;

/**
 * A digest of the catalog data and of the item layout the seeding writes. The deploy-time custom
 * resource carries it as a property, so a change of either changes the resource and CloudFormation
 * runs the seeding again.
 */
export function catalogHash(catalog: readonly Park[] = parkCatalog): string {
  const parks = catalog.map((park) => PARK_FIELDS.map((field) => park[field]));
  const layout = catalogItemKey('');
  const canonical = { key: [layout.pk, layout.sk], fields: PARK_FIELDS, stats: STAT_ATTRIBUTES, parks };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Writes every park of the catalog to the parks table: SET of the park's own fields, and rating
 * statistics set to 0 only where they do not exist yet. So seeding is idempotent, can run at every
 * local start and every deploy, and never touches ratings already given. A park removed from the
 * catalog keeps its item (and its reviews); the API no longer serves it, since every route checks the
 * bundled catalog.
 */
export async function seedParkCatalog(
  db: DynamoDBDocumentClient,
  table: string,
  catalog: readonly Park[] = parkCatalog,
): Promise<number> {
  const queue = [...catalog];
  const worker = async (): Promise<void> => {
    for (let park = queue.shift(); park; park = queue.shift()) await db.send(upsert(table, park));
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, catalog.length) }, worker));
  return catalog.length;
}

function upsert(table: string, park: Park): UpdateCommand {
  const names: Record<string, string> = {};
  const values: Record<string, string | number> = { ':zero': 0 };
  const sets: string[] = [];
  PARK_FIELDS.forEach((field, i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = park[field];
    sets.push(`#f${i} = :f${i}`);
  });
  STAT_ATTRIBUTES.forEach((attribute, i) => {
    names[`#s${i}`] = attribute;
    sets.push(`#s${i} = if_not_exists(#s${i}, :zero)`);
  });
  return new UpdateCommand({
    TableName: table,
    Key: catalogItemKey(park.id),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}
