/**
 * The quiz: seven questions on the old app's themes. Each option carries weights toward parks of the
 * catalog (lambdas/shared/park-catalog.ts, by id); scoring.ts adds them up. Weights stay on the
 * server: GET /api/quiz shows only ids and texts, and a client sends choices, never points.
 *
 * Every park with a weight somewhere must be reachable by some set of answers; the unit tests check
 * that by trying every combination, so keep each park a "signature" path when editing this table.
 * README.md in this folder has the same table in readable form.
 */
export interface QuizOption {
  readonly id: string;
  readonly text: string;
  /** Points toward parks, by catalog id; parks not named get nothing. */
  readonly weights: Readonly<Record<string, number>>;
}

export interface QuizQuestion {
  readonly id: string;
  readonly text: string;
  readonly options: readonly QuizOption[];
}

export const questionBank: readonly QuizQuestion[] = [
  {
    id: 'weather',
    text: 'What weather makes a perfect trip?',
    options: [
      {
        id: 'crisp-cold',
        text: 'Crisp and cold: bring the down jacket',
        weights: { denali: 3, glacier: 2, 'rocky-mountain': 2, acadia: 1 },
      },
      {
        id: 'hot-dry',
        text: 'Hot, dry sunshine',
        weights: { 'joshua-tree': 3, 'grand-canyon': 2, zion: 2, arches: 2 },
      },
      {
        id: 'tropical',
        text: 'Warm and tropical',
        weights: { 'buck-island-reef': 3, 'hawaii-volcanoes': 3, everglades: 2 },
      },
      {
        id: 'misty',
        text: 'Cool and misty; a little rain is fine',
        weights: { redwood: 3, olympic: 3, 'great-smoky-mountains': 2, acadia: 1 },
      },
      {
        id: 'mountain-sun',
        text: 'Sunny days and cool nights in the mountains',
        weights: { yosemite: 3, yellowstone: 2, 'rocky-mountain': 2, glacier: 1 },
      },
    ],
  },
  {
    id: 'terrain',
    text: 'Which landscape pulls you in?',
    options: [
      {
        id: 'canyons',
        text: 'Deep canyons and red rock',
        weights: { 'grand-canyon': 3, zion: 2, arches: 2 },
      },
      {
        id: 'peaks',
        text: 'Snowy peaks and glaciers',
        weights: { denali: 3, glacier: 3, 'rocky-mountain': 2 },
      },
      {
        id: 'forest',
        text: 'Giant trees and deep forest',
        weights: { redwood: 3, 'great-smoky-mountains': 3, olympic: 2 },
      },
      {
        id: 'coast',
        text: 'Rocky coasts and islands',
        weights: { acadia: 3, 'buck-island-reef': 2, olympic: 1, redwood: 1 },
      },
      {
        id: 'volcanic',
        text: 'Volcanoes, lava and steaming ground',
        weights: { 'hawaii-volcanoes': 3, yellowstone: 3 },
      },
      { id: 'granite', text: 'Sheer granite cliffs and domes', weights: { yosemite: 3 } },
      {
        id: 'desert',
        text: 'Open desert, boulders and strange plants',
        weights: { 'joshua-tree': 3, arches: 2 },
      },
      { id: 'wetland', text: 'Flat wetlands and mangroves', weights: { everglades: 3 } },
    ],
  },
  {
    id: 'water',
    text: 'What water do you want nearby?',
    options: [
      {
        id: 'waterfalls',
        text: 'Thundering waterfalls',
        weights: { yosemite: 3, 'great-smoky-mountains': 2, glacier: 1 },
      },
      {
        id: 'reef',
        text: 'Warm ocean and coral reef',
        weights: { 'buck-island-reef': 3, 'hawaii-volcanoes': 1 },
      },
      {
        id: 'river',
        text: 'A river to wade through a slot canyon',
        weights: { zion: 3, 'grand-canyon': 2 },
      },
      { id: 'geysers', text: 'Geysers and hot springs', weights: { yellowstone: 3 } },
      {
        id: 'alpine-lakes',
        text: 'Cold alpine lakes',
        weights: { glacier: 3, 'rocky-mountain': 3, denali: 1 },
      },
      { id: 'swamp', text: 'Slow water through sawgrass and mangroves', weights: { everglades: 3 } },
      {
        id: 'tide-pools',
        text: 'Tide pools and crashing surf',
        weights: { olympic: 3, acadia: 3, redwood: 2 },
      },
      { id: 'none', text: 'Water? I will carry my own', weights: { arches: 3, 'joshua-tree': 3 } },
    ],
  },
  {
    id: 'activity',
    text: 'What is your favourite thing to do outdoors?',
    options: [
      {
        id: 'backpacking',
        text: 'Long hikes and backpacking',
        weights: { denali: 2, glacier: 2, zion: 2, 'grand-canyon': 2, 'great-smoky-mountains': 1 },
      },
      {
        id: 'climbing',
        text: 'Rock climbing and scrambling',
        weights: { yosemite: 3, 'joshua-tree': 3, arches: 1 },
      },
      {
        id: 'paddling',
        text: 'Snorkelling, swimming or paddling',
        weights: { 'buck-island-reef': 3, everglades: 2, acadia: 1 },
      },
      {
        id: 'wildlife-watching',
        text: 'Watching wildlife through binoculars',
        weights: { yellowstone: 2, denali: 2, everglades: 2 },
      },
      {
        id: 'scenic-drives',
        text: 'Scenic drives and bike rides',
        weights: { 'rocky-mountain': 3, acadia: 2, 'great-smoky-mountains': 2 },
      },
      {
        id: 'stargazing',
        text: 'Stargazing and photography',
        weights: { arches: 3, 'joshua-tree': 2, 'hawaii-volcanoes': 2 },
      },
      {
        id: 'ancient-trees',
        text: 'Wandering among ancient trees',
        weights: { redwood: 3, olympic: 2 },
      },
    ],
  },
  {
    id: 'wildlife-importance',
    text: 'How much does seeing wildlife matter to you?',
    options: [
      {
        id: 'essential',
        text: 'It is the whole point',
        weights: { yellowstone: 3, denali: 2, everglades: 2, glacier: 1 },
      },
      {
        id: 'bonus',
        text: 'A nice bonus',
        weights: {
          'great-smoky-mountains': 1,
          'rocky-mountain': 1,
          olympic: 1,
          acadia: 1,
          redwood: 1,
        },
      },
      {
        id: 'scenery',
        text: 'I am here for the scenery',
        weights: {
          'grand-canyon': 2,
          arches: 2,
          'hawaii-volcanoes': 2,
          yosemite: 1,
          zion: 1,
          'joshua-tree': 1,
        },
      },
    ],
  },
  {
    id: 'accommodation',
    text: 'Where would you rather sleep?',
    options: [
      {
        id: 'backcountry',
        text: 'A tent far from any road',
        weights: { denali: 3, glacier: 2, olympic: 1 },
      },
      {
        id: 'campground',
        text: 'A campground with a fire ring',
        weights: {
          'great-smoky-mountains': 2,
          'joshua-tree': 2,
          zion: 1,
          yosemite: 1,
          'rocky-mountain': 1,
        },
      },
      {
        id: 'lodge',
        text: 'A historic lodge or cabin',
        weights: { yellowstone: 2, 'grand-canyon': 2, yosemite: 1, glacier: 1 },
      },
      {
        id: 'inn',
        text: 'A cosy inn in a nearby town',
        weights: { acadia: 3, redwood: 1, arches: 1 },
      },
      {
        id: 'beach',
        text: 'A beach rental, a boat ride away',
        weights: { 'buck-island-reef': 3, 'hawaii-volcanoes': 1, everglades: 1 },
      },
    ],
  },
  {
    id: 'wildlife-kind',
    text: 'Which animals would make your trip?',
    options: [
      {
        id: 'bears-moose',
        text: 'Bears, moose and caribou',
        weights: { denali: 3, glacier: 2, 'great-smoky-mountains': 2 },
      },
      {
        id: 'bison-elk',
        text: 'Bison, elk and wolves',
        weights: { yellowstone: 3, 'rocky-mountain': 3 },
      },
      {
        id: 'reef-life',
        text: 'Sea turtles, reef fish and coral',
        weights: { 'buck-island-reef': 3, 'hawaii-volcanoes': 1 },
      },
      { id: 'gators-birds', text: 'Alligators and wading birds', weights: { everglades: 3 } },
      {
        id: 'seabirds-seals',
        text: 'Seabirds, seals and whales',
        weights: { acadia: 2, olympic: 2, redwood: 1 },
      },
      {
        id: 'desert-dwellers',
        text: 'Lizards, bighorn sheep and desert tortoises',
        weights: { 'joshua-tree': 2, arches: 2, zion: 2, 'grand-canyon': 2 },
      },
      {
        id: 'island-birds',
        text: 'Rare island birds such as the nēnē',
        weights: { 'hawaii-volcanoes': 3 },
      },
    ],
  },
];
