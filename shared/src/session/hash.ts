/**
 * The content hash of a scenario text: SHA-256 of its UTF-8 bytes, lower-case hex. Web Crypto
 * exists in browsers, workers and Node alike, so shared/ stays free of Node APIs; the server may
 * use node:crypto for the same digest.
 */
export async function scenarioContentHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
