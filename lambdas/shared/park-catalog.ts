/**
 * The park catalog: static reference data shared by the parks, quiz and locations functions (each
 * bundles it; only the parks function stores it, with ratings, in its table).
 */
export interface Park {
  readonly id: string;
  readonly name: string;
  /** Postal code of the state or territory (two where a park spans two). */
  readonly state: string;
  readonly biome: string;
  readonly description: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const parkCatalog: readonly Park[] = [
  {
    id: 'denali',
    name: 'Denali',
    state: 'AK',
    biome: 'Subarctic taiga and tundra',
    description:
      'Six million acres of wild land around North America’s highest peak, with grizzlies, moose and caribou.',
    latitude: 63.1148,
    longitude: -151.1926,
  },
  {
    id: 'grand-canyon',
    name: 'Grand Canyon',
    state: 'AZ',
    biome: 'Desert canyon',
    description: 'A mile-deep gorge carved by the Colorado River, layered with two billion years of rock.',
    latitude: 36.0544,
    longitude: -112.1401,
  },
  {
    id: 'redwood',
    name: 'Redwood',
    state: 'CA',
    biome: 'Temperate rainforest and coast',
    description: 'The tallest trees on Earth, foggy prairies and a wild Pacific coastline.',
    latitude: 41.2132,
    longitude: -124.0046,
  },
  {
    id: 'buck-island-reef',
    name: 'Buck Island Reef',
    state: 'VI',
    biome: 'Tropical coral reef',
    description:
      'An island ringed by elkhorn coral, with an underwater snorkel trail and nesting sea turtles.',
    latitude: 17.787,
    longitude: -64.619,
  },
  {
    id: 'yellowstone',
    name: 'Yellowstone',
    state: 'WY',
    biome: 'Geothermal highland',
    description:
      'The first national park: geysers, hot springs, bison herds and wolves on a volcanic plateau.',
    latitude: 44.428,
    longitude: -110.5885,
  },
  {
    id: 'yosemite',
    name: 'Yosemite',
    state: 'CA',
    biome: 'Alpine granite valleys',
    description: 'Granite cliffs, giant sequoias and some of the tallest waterfalls in North America.',
    latitude: 37.8651,
    longitude: -119.5383,
  },
  {
    id: 'zion',
    name: 'Zion',
    state: 'UT',
    biome: 'Desert canyon',
    description: 'Towering sandstone walls, slot canyons and the Virgin River Narrows.',
    latitude: 37.2982,
    longitude: -113.0263,
  },
  {
    id: 'acadia',
    name: 'Acadia',
    state: 'ME',
    biome: 'Rocky Atlantic coast',
    description:
      'Granite headlands, carriage roads and the first sunrise in the United States from Cadillac Mountain.',
    latitude: 44.3386,
    longitude: -68.2733,
  },
  {
    id: 'everglades',
    name: 'Everglades',
    state: 'FL',
    biome: 'Subtropical wetland',
    description: 'A slow river of grass with mangroves, alligators, manatees and wading birds.',
    latitude: 25.2866,
    longitude: -80.8987,
  },
  {
    id: 'glacier',
    name: 'Glacier',
    state: 'MT',
    biome: 'Alpine glacial',
    description: 'Glacier-carved peaks and lakes along the Going-to-the-Sun Road, home to mountain goats.',
    latitude: 48.7596,
    longitude: -113.787,
  },
  {
    id: 'great-smoky-mountains',
    name: 'Great Smoky Mountains',
    state: 'TN, NC',
    biome: 'Temperate deciduous forest',
    description: 'Mist-covered ridges, old-growth forest, black bears and synchronous fireflies.',
    latitude: 35.6118,
    longitude: -83.4895,
  },
  {
    id: 'olympic',
    name: 'Olympic',
    state: 'WA',
    biome: 'Temperate rainforest and coast',
    description: 'Glaciated mountains, moss-draped rainforest and tide pools on a wild coast.',
    latitude: 47.8021,
    longitude: -123.6044,
  },
  {
    id: 'arches',
    name: 'Arches',
    state: 'UT',
    biome: 'High desert',
    description: 'More than two thousand natural stone arches in red rock under dark night skies.',
    latitude: 38.7331,
    longitude: -109.5925,
  },
  {
    id: 'hawaii-volcanoes',
    name: 'Hawaiʻi Volcanoes',
    state: 'HI',
    biome: 'Volcanic tropical',
    description: 'Two of the world’s most active volcanoes, lava fields and rainforest craters.',
    latitude: 19.4194,
    longitude: -155.2885,
  },
  {
    id: 'rocky-mountain',
    name: 'Rocky Mountain',
    state: 'CO',
    biome: 'Alpine tundra and forest',
    description: 'High peaks and tundra along Trail Ridge Road, with elk herds and alpine lakes.',
    latitude: 40.3428,
    longitude: -105.6836,
  },
  {
    id: 'joshua-tree',
    name: 'Joshua Tree',
    state: 'CA',
    biome: 'Desert',
    description: 'Where the Mojave and Colorado deserts meet: Joshua trees, boulder piles and starry skies.',
    latitude: 33.8734,
    longitude: -115.901,
  },
];

const byId = new Map(parkCatalog.map((park) => [park.id, park]));

export const findPark = (id: string): Park | undefined => byId.get(id);
