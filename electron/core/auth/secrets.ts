import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's current recommendation (N=2^15, r=8, p=3: 32 MiB, equivalent to 2^17/8/1 at a
 * quarter of the memory). Stored hashes carry their parameters; older ones are re-hashed at the next
 * good sign-in (`needsRehash`).
 */
export const SCRYPT_PARAMS = { N: 32768, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
/** Node's default maxmem (32 MiB) is exactly N*r*128: leave headroom. */
const MAX_MEM = 96 * 1024 * 1024;

/**
 * At most this many hashes run at once. scrypt runs on libuv's thread pool (4 threads); a burst of
 * guesses queues here instead of filling it. The pages no longer need the pool at all: the host
 * serves them from memory (electron/server/static-assets.ts).
 */
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, keylen: number, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password, salt, keylen, { ...params, maxmem: MAX_MEM }, (error, key) => (error === null ? resolve(key) : reject(error)));
      }),
  );
}

/** A password as stored: scrypt with a random salt, "scrypt$N$r$p$salt$hash". Never blocks the event loop. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, KEY_LENGTH, SCRYPT_PARAMS);
  return ['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

/** A stored hash made with older parameters than today's. */
export function needsRehash(stored: string): boolean {
  const [, n, r, p] = stored.split('$');
  return Number(n) !== SCRYPT_PARAMS.N || Number(r) !== SCRYPT_PARAMS.r || Number(p) !== SCRYPT_PARAMS.p;
}

/** A hash of nothing anyone knows: an unknown extension costs the same as a wrong password (no enumeration by timing). */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoy;
}

/** A bearer token (wallboards, sessions): 32 random bytes, shown once. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A password a supervisor hands to an agent: 12 characters from an alphabet without look-alikes. */
export function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 12; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Tokens are long and random, so a plain SHA-256 is enough to store them (no salt or stretching needed). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
