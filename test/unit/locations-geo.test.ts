import fc from 'fast-check';
import {
  centralAngle,
  distanceKm,
  EARTH_RADIUS_KM,
  nearestPark,
  roundKm,
  type Coordinates,
} from '../../lambdas/locations/geo';
import { findPark, parkCatalog, type Park } from '../../lambdas/shared/park-catalog';

/**
 * An independent great-circle formula to check the haversine against: Vincenty's special case for
 * a sphere (atan2 of the cross and dot products), accurate at every distance.
 */
function vincentySphereKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const [p1, p2] = [a.latitude * rad, b.latitude * rad];
  const dl = (b.longitude - a.longitude) * rad;
  const y = Math.hypot(
    Math.cos(p2) * Math.sin(dl),
    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl),
  );
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return EARTH_RADIUS_KM * Math.atan2(y, x);
}

const point = (latitude: number, longitude: number): Coordinates => ({ latitude, longitude });
const park = (id: string): Park => {
  const found = findPark(id);
  if (!found) throw new Error(`catalog has no ${id}`);
  return found;
};
const coordinates = fc.record({
  latitude: fc.double({ min: -90, max: 90, noNaN: true }),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('great-circle distance', () => {
  it('uses the IUGG mean Earth radius', () => {
    expect(EARTH_RADIUS_KM).toBeCloseTo(6371.0088, 4);
  });

  it('matches distances that follow from the radius alone', () => {
    const R = EARTH_RADIUS_KM;
    expect(distanceKm(point(12, 34), point(12, 34))).toBe(0);
    // One degree along the equator and along a meridian: 2πR / 360.
    expect(distanceKm(point(0, 0), point(0, 1))).toBeCloseTo((2 * Math.PI * R) / 360, 6);
    expect(distanceKm(point(10, 20), point(11, 20))).toBeCloseTo((2 * Math.PI * R) / 360, 6);
    // Equator to pole, and antipodes (the haversine clamp keeps asin defined there).
    expect(distanceKm(point(0, 45), point(90, 0))).toBeCloseTo((Math.PI * R) / 2, 6);
    expect(distanceKm(point(0, 0), point(0, 180))).toBeCloseTo(Math.PI * R, 6);
    expect(distanceKm(point(-33.9, 18.4), point(33.9, -161.6))).toBeCloseTo(Math.PI * R, 3);
  });

  it('matches the published LAX–JFK example of Ed Williams’ Aviation Formulary (0.623585 rad)', () => {
    // LAX 33°57′N 118°24′W, JFK 40°38′N 73°47′W → d = 0.623585 radians (= 2144 nm).
    const lax = point(33 + 57 / 60, -(118 + 24 / 60));
    const jfk = point(40 + 38 / 60, -(73 + 47 / 60));
    expect(centralAngle(lax, jfk)).toBeCloseTo(0.623585, 6);
    expect(distanceKm(lax, jfk)).toBeCloseTo(0.623585 * EARTH_RADIUS_KM, 1);
  });

  it('agrees with an independent formula, is symmetric, and stays within [0, πR]', () => {
    fc.assert(
      fc.property(coordinates, coordinates, (a, b) => {
        const d = distanceKm(a, b);
        // Haversine loses a few digits near antipodes (asin near 1): still far below a metre.
        expect(Math.abs(d - vincentySphereKm(a, b))).toBeLessThan(1e-3);
        expect(distanceKm(b, a)).toBeCloseTo(d, 9);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  it('wraps at the antimeridian: longitude 180 and -180 are the same meridian', () => {
    expect(distanceKm(point(10, 180), point(10, -180))).toBeCloseTo(0, 9);
    expect(distanceKm(point(0, 179.5), point(0, -179.5))).toBeCloseTo(
      (2 * Math.PI * EARTH_RADIUS_KM) / 360,
      6,
    );
  });

  it('measures Yosemite to Joshua Tree at about 552 km', () => {
    const km = distanceKm(park('yosemite'), park('joshua-tree'));
    expect(km).toBeCloseTo(vincentySphereKm(park('yosemite'), park('joshua-tree')), 6);
    expect(km).toBeGreaterThan(540);
    expect(km).toBeLessThan(565);
  });

  it('rounds kilometres to one decimal', () => {
    expect(roundKm(0.04)).toBe(0);
    expect(roundKm(12.345)).toBe(12.3);
    expect(roundKm(12.35)).toBe(12.4);
    expect(roundKm(20015.08)).toBe(20015.1);
  });
});

describe('nearest park', () => {
  it('answers each catalog park for its own coordinates, at 0 km', () => {
    for (const p of parkCatalog) {
      expect(nearestPark(p)).toEqual({ id: p.id, name: p.name, distanceKm: 0 });
    }
  });

  it('is the catalog park with the smallest independent distance, rounded to one decimal', () => {
    fc.assert(
      fc.property(coordinates, (where) => {
        const distances = parkCatalog.map((p) => vincentySphereKm(where, p));
        const best = distances.indexOf(Math.min(...distances));
        const answer = nearestPark(where);
        expect(answer.id).toBe(parkCatalog[best].id);
        expect(answer.name).toBe(parkCatalog[best].name);
        expect(answer.distanceKm).toBe(Math.round(distances[best] * 10) / 10);
      }),
      { numRuns: 1000 },
    );
  });

  // Landmarks, checked against the stable parks only, so parks added to the catalog later cannot
  // change the expected answer.
  const stable = [
    'denali',
    'grand-canyon',
    'buck-island-reef',
    'hawaii-volcanoes',
    'yosemite',
    'redwood',
    'acadia',
    'everglades',
  ].map(park);

  it.each([
    ['El Tovar Hotel, Grand Canyon Village', point(36.0577, -112.1376), 'grand-canyon', 0, 2],
    ['Christiansted, St. Croix', point(17.7466, -64.7032), 'buck-island-reef', 5, 15],
    ['Anchorage', point(61.2181, -149.9003), 'denali', 200, 240],
    ['Hilo', point(19.7241, -155.0868), 'hawaii-volcanoes', 30, 45],
    ['Bar Harbor', point(44.3876, -68.2039), 'acadia', 5, 10],
    ['Homestead, Florida', point(25.4687, -80.4776), 'everglades', 40, 50],
  ])('%s → %s', (_, where, expected, minKm, maxKm) => {
    const answer = nearestPark(where, stable);
    expect(answer.id).toBe(expected);
    expect(answer.distanceKm).toBe(roundKm(vincentySphereKm(where, park(expected))));
    expect(answer.distanceKm).toBeGreaterThanOrEqual(minKm);
    expect(answer.distanceKm).toBeLessThanOrEqual(maxKm);
  });

  it('breaks an exact tie by catalog order', () => {
    const east: Park = { ...park('acadia'), id: 'east', latitude: 0, longitude: 1 };
    const west: Park = { ...park('acadia'), id: 'west', latitude: 0, longitude: -1 };
    expect(nearestPark(point(0, 0), [east, west]).id).toBe('east');
    expect(nearestPark(point(0, 0), [west, east]).id).toBe('west');
  });

  it('refuses an empty catalog instead of answering nonsense', () => {
    expect(() => nearestPark(point(0, 0), [])).toThrow(/empty/);
  });
});
