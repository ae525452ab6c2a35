// Short public ids and secret edit tokens. Only a hash of the token is stored, and it is
// compared in constant time so response timing does not leak how much of a guess matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';

// URL-safe and free of look-alikes (no 0/O, 1/l/I, -, _), so ids survive being read aloud or retyped.
const shortIdAlphabet = '23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const makeShortId = customAlphabet(shortIdAlphabet, 10);

export function newShortId(): string {
  return makeShortId();
}

export function newEditToken(): string {
  return nanoid(32);
}

export function hashEditToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function digestsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** True when `token` is the owner's edit token (by hash) or the configured admin token. */
export function canEdit(
  token: string | undefined,
  editTokenHash: string,
  adminToken: string | undefined,
): boolean {
  if (!token) return false;
  const hashed = hashEditToken(token);
  if (digestsMatch(hashed, editTokenHash)) return true;
  return adminToken !== undefined && digestsMatch(hashed, hashEditToken(adminToken));
}

export const shortIdPattern = /^[2-9a-zA-Z]{10}$/;
