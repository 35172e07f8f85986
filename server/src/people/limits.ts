import { KeyedBuckets } from '../http/guards.ts';

/** What people's accounts let a client make the server spend (server/README.md, threat model). */
export interface PeopleLimits {
  /** Lead accounts one client address may create per hour. */
  leadsPerClientPerHour: number;
  /** Trainees one lead may have. */
  traineesPerLead: number;
  /** Password sign-ins (each an scrypt) per client address and per person, per minute. */
  loginsPerMinute: number;
  /** Trainees added or tokens re-issued per lead, per minute. */
  issuesPerMinute: number;
  /** Tokens kept per person: signing in again past it ends the oldest. */
  tokensPerPerson: number;
}

export const DEFAULT_PEOPLE_LIMITS: PeopleLimits = { leadsPerClientPerHour: 20, traineesPerLead: 200, loginsPerMinute: 10, issuesPerMinute: 60, tokensPerPerson: 5 };

export class PeopleGuards {
  readonly leads: KeyedBuckets;
  readonly logins: KeyedBuckets;
  readonly issues: KeyedBuckets;

  constructor(readonly limits: PeopleLimits) {
    this.leads = new KeyedBuckets(limits.leadsPerClientPerHour / 3600, limits.leadsPerClientPerHour);
    this.logins = new KeyedBuckets(limits.loginsPerMinute / 60, limits.loginsPerMinute);
    this.issues = new KeyedBuckets(limits.issuesPerMinute / 60, limits.issuesPerMinute);
  }
}
