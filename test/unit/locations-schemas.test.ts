import { locationsSchemas } from '../../lambdas/locations/schemas';
import { HttpError } from '../../lambdas/shared/errors';
import { parkCatalog } from '../../lambdas/shared/park-catalog';
import { parseWith } from '../../lambdas/shared/validation';

const createBody = locationsSchemas.createLocation.body;
const updateBody = locationsSchemas.updateLocation.body;

function fieldsOf(schema: typeof createBody | typeof updateBody, value: unknown): Record<string, string> {
  try {
    parseWith(schema, value, 'body');
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) return error.fields ?? {};
    throw error;
  }
  return {};
}

const valid = { name: 'Trailhead', latitude: 36.05, longitude: -112.14 };

describe('POST /api/locations body', () => {
  it('accepts the required fields alone, and with the optional ones', () => {
    expect(parseWith(createBody, valid, 'body')).toEqual(valid);
    expect(
      parseWith(createBody, { ...valid, parkId: 'grand-canyon', note: 'water at mile 3' }, 'body'),
    ).toEqual({ ...valid, parkId: 'grand-canyon', note: 'water at mile 3' });
  });

  it('accepts the limits', () => {
    for (const latitude of [-90, 90, 0]) {
      for (const longitude of [-180, 180, 0]) {
        expect(fieldsOf(createBody, { ...valid, latitude, longitude })).toEqual({});
      }
    }
    expect(fieldsOf(createBody, { ...valid, name: 'n'.repeat(80), note: 'x'.repeat(500) })).toEqual({});
    expect(fieldsOf(createBody, { ...valid, name: 'é'.repeat(80) })).toEqual({});
  });

  it('accepts every catalog park and null as parkId', () => {
    for (const park of parkCatalog) expect(fieldsOf(createBody, { ...valid, parkId: park.id })).toEqual({});
    expect(parseWith(createBody, { ...valid, parkId: null }, 'body').parkId).toBeNull();
  });

  it('trims the name and takes an empty note as no note', () => {
    const parsed = parseWith(createBody, { ...valid, name: '  Camp 4  ', note: '' }, 'body');
    expect(parsed.name).toBe('Camp 4');
    expect(parsed.note).toBeNull();
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['name', 'n'.repeat(81)],
    ['name', 42],
    ['name', null],
    ['name', 'line\nbreak'],
    ['latitude', 90.0001],
    ['latitude', -91],
    ['latitude', '45'],
    ['latitude', null],
    ['latitude', true],
    ['longitude', 180.5],
    ['longitude', -181],
    ['longitude', '12.5'],
    ['longitude', [1]],
    ['parkId', 'atlantis'],
    ['parkId', 'Denali'],
    ['parkId', 7],
    ['note', 'x'.repeat(501)],
    ['note', 5],
  ])('refuses %s = %p, naming the field', (field, value) => {
    const fields = fieldsOf(createBody, { ...valid, [field]: value });
    expect(Object.keys(fields)).toEqual([field]);
  });

  it('refuses non-finite numbers (JSON.parse reads 1e999 as Infinity)', () => {
    const body = JSON.parse('{"name":"far","latitude":1e999,"longitude":-1e999}') as unknown;
    expect(Object.keys(fieldsOf(createBody, body)).sort()).toEqual(['latitude', 'longitude']);
    expect(Object.keys(fieldsOf(createBody, { ...valid, latitude: NaN }))).toEqual(['latitude']);
  });

  it('names every missing field, and refuses unknown fields', () => {
    expect(Object.keys(fieldsOf(createBody, {})).sort()).toEqual(['latitude', 'longitude', 'name']);
    expect(fieldsOf(createBody, { ...valid, owner: 'someone' }).body).toMatch(/owner/);
  });

  it('says which parks are valid in the message for an unknown parkId', () => {
    expect(fieldsOf(createBody, { ...valid, parkId: 'atlantis' }).parkId).toMatch(/not a park/);
  });
});

describe('PATCH /api/locations/{id} body', () => {
  it('accepts any one field, and null to clear parkId or note', () => {
    for (const change of [
      { name: 'New' },
      { latitude: 1 },
      { longitude: -1 },
      { parkId: 'zion' },
      { parkId: null },
      { note: null },
      { note: 'hi' },
    ]) {
      expect(fieldsOf(updateBody, change)).toEqual({});
    }
    expect(parseWith(updateBody, { note: '' }, 'body')).toEqual({ note: null });
  });

  it('refuses an empty change, and null for fields that cannot be cleared', () => {
    expect(fieldsOf(updateBody, {}).body).toMatch(/at least one/);
    for (const field of ['name', 'latitude', 'longitude']) {
      expect(Object.keys(fieldsOf(updateBody, { [field]: null }))).toEqual([field]);
    }
    expect(Object.keys(fieldsOf(updateBody, { id: 'x' }))).toEqual(['body']);
  });
});
