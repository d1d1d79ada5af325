/**
 * Great-circle geometry on a spherical Earth, knowing nothing of HTTP or DynamoDB.
 *
 * The haversine formula is well conditioned for small distances (unlike the spherical law of
 * cosines), and a sphere of the IUGG mean radius is within about 0.5 % of the ellipsoid everywhere,
 * which is plenty for "how far is the nearest park".
 */
import { parkCatalog, type Park } from '../shared/park-catalog';

/** IUGG mean Earth radius R1 = (2a + b) / 3, in km. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface Coordinates {
  /** Degrees, -90..90. */
  readonly latitude: number;
  /** Degrees, -180..180. */
  readonly longitude: number;
}

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** The central angle between two points, in radians (0..π). */
export function centralAngle(a: Coordinates, b: Coordinates): number {
  const lat1 = radians(a.latitude);
  const lat2 = radians(b.latitude);
  const dLat = lat2 - lat1;
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;
  // Rounding can push h a hair past 1 for antipodal points; asin would then answer NaN.
  return 2 * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/** Great-circle distance in km. */
export const distanceKm = (a: Coordinates, b: Coordinates): number => EARTH_RADIUS_KM * centralAngle(a, b);

/** Kilometres to one decimal, as the API answers them. */
export const roundKm = (km: number): number => Math.round(km * 10) / 10;

export interface NearestPark {
  readonly id: string;
  readonly name: string;
  /** One decimal. */
  readonly distanceKm: number;
}

/** The catalog park closest to a point; on an exact tie, the one listed first in the catalog. */
export function nearestPark(point: Coordinates, catalog: readonly Park[] = parkCatalog): NearestPark {
  let best: Park | undefined;
  let bestKm = Infinity;
  for (const park of catalog) {
    const km = distanceKm(point, park);
    if (km < bestKm) {
      best = park;
      bestKm = km;
    }
  }
  if (!best) throw new Error('The park catalog is empty');
  return { id: best.id, name: best.name, distanceKm: roundKm(bestKm) };
}
