/**
 * What a refused API request went wrong with, as a key: the server puts one in every error
 * response (`code`, next to the English `error`), the lab shows it in the reader's language.
 */
export const ERROR_CODES = ['invalid_json', 'invalid_body', 'bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'too_large', 'rate_limited', 'internal', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
