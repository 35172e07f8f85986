import { createHash } from 'node:crypto';

/** Same digest as shared/session/hash.ts scenarioContentHash (SHA-256 of UTF-8, hex), synchronously. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
