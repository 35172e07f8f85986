import type { Attempt } from '../drills/store.ts';

/**
 * People who train: leads, and the trainees a lead added. A person proves who they are with a
 * personal token (from their lead, or from signing in with the password they set); the store
 * keeps only the token's SHA-256 and the password's scrypt hash, never either in plain text.
 */
export type PersonRole = 'lead' | 'trainee';

export interface Person {
  id: string;
  name: string;
  role: PersonRole;
  /** The lead who trains them (null for a lead). */
  leadId: string | null;
  createdAt: number;
}

export interface PeopleStore {
  /** Adds the person; a trainee only while their lead trains fewer than `maxTrainees` (checked atomically). */
  addPerson(p: Person, maxTrainees: number): Promise<'added' | 'full'>;
  person(id: string): Promise<Person | undefined>;
  /** A lead's trainees, oldest first. */
  trainees(leadId: string): Promise<Person[]>;
  /** Keeps a token's hash for the person, and only their newest `keep` tokens. */
  addToken(personId: string, tokenHash: string, issuedAt: number, keep: number): Promise<void>;
  personOfToken(tokenHash: string): Promise<Person | undefined>;
  /** Every token of the person stops working (a lead re-issues one, or the person lost it). */
  dropTokens(personId: string): Promise<void>;
  setPassword(personId: string, hash: string): Promise<void>;
  passwordOf(personId: string): Promise<string | undefined>;
  /** The counted attempts of several people at once (the lead's page), oldest first. */
  attemptsOf(personIds: readonly string[]): Promise<Attempt[]>;
}
