/**
 * The few Web APIs that every host of shared/ provides (browser, Web Worker, Node ≥ 20).
 * Declared here instead of pulling in the DOM or Node typings, which would let host-specific
 * APIs slip into the engine unnoticed.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
// eslint-disable-next-line no-var -- a global, as the platforms declare it
declare var crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
