/**
 * What an error says, as data. Type names in `expected` are codes (int, number, string, boolean,
 * array, object) joined by "|"; `gotKind` is empty, list, mapping or value (then `got` holds it).
 */
export const SAY_KEYS = [
  'empty',
  'unknownKey',
  'missingKey',
  'expected',
  'missingChoice',
  'emptyChoice',
  'unknownChoice',
  'notChoice',
  'atLeastItems',
  'atMostItems',
  'notEmpty',
  'atLeast',
  'moreThan',
  'atMost',
  'lessThan',
  'yamlMultipleDocs',
  'yamlDuplicateKey',
  'yamlColon',
  'yamlTabs',
  'yaml',
  'notDuration',
  'notClock',
  'notYuan',
  'duplicateId',
  'tooManyPositions',
  'unknownRegion',
  'unknownNode',
  'exchangeMarket',
  'unknownNodeInLink',
  'unknownNodeInRoute',
  'noLinkBetween',
  'notCalendarDate',
  'unknownCalendarYear',
  'windowTooLong',
  'sessionBackwards',
  'sessionOverlap',
  'windowBackwards',
  'unknownLink',
] as const;
export type SayKey = (typeof SAY_KEYS)[number];

/** Type codes an `expected` param holds, the kinds a `gotKind` param names, and what a duplicate id belongs to. */
export const SAY_TYPES = ['int', 'number', 'string', 'boolean', 'array', 'object'] as const;
export const SAY_GOT = ['empty', 'list', 'mapping'] as const;
export const SAY_WHAT = ['node', 'region', 'route', 'fault'] as const;
export interface Say {
  key: SayKey;
  params: Record<string, string | number>;
}
