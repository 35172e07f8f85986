import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { sha256 } from '../util/hash.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** Personal tokens start with this, so one pasted in the wrong place (an invitation field) is recognised. */
export const TOKEN_PREFIX = 'tlp_';

/** A new personal token: 256 random bits, so its SHA-256 alone is safe to store (nothing to guess offline). */
export function newPersonalToken(): { token: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export const tokenHash = (token: string): string => sha256(token);

/** A person id: short enough to type when signing in with a password, random enough not to guess. */
export function newPersonId(): string {
  return `p-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
}

// scrypt N=2^14, r=8, p=1 (RFC 7914's interactive setting): ~50 ms on the libuv pool, off the event loop.
const N = 16_384;
const R = 8;
const P = 1;
const KEY = 32;

/** A password as stored: scrypt$N$r$p$salt$key, salt and key base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEY, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), want.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return got.length === want.length && timingSafeEqual(got, want);
}
