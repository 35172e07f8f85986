import { z } from 'zod';

// The answers of /api/people/* (server/src/people/routes.ts), for /openapi.json and the lab's types.

export const PersonEntry = z
  .object({ id: z.string(), name: z.string(), role: z.enum(['lead', 'trainee']), leadId: z.string().nullable(), createdAt: z.int() })
  .meta({ id: 'Person', description: 'Someone who trains, or a lead.' });
export type PersonEntry = z.infer<typeof PersonEntry>;

export const PersonIssued = z.object({ person: PersonEntry, token: z.string().meta({ description: 'The personal token (tlp_…), shown once: the server keeps only its hash.' }) });
export type PersonIssued = z.infer<typeof PersonIssued>;

export const Me = z.object({ person: PersonEntry, lead: z.object({ id: z.string(), name: z.string() }).nullable(), hasPassword: z.boolean() });
export type Me = z.infer<typeof Me>;
export const PasswordSet = z.object({ person: PersonEntry, hasPassword: z.literal(true) });

const CertificateLine = z.object({ drill: z.string(), points: z.int(), required: z.boolean(), earned: z.int(), passed: z.boolean(), bestScore: z.int().nullable(), attempts: z.int() });
const Certificate = z
  .object({ role: z.string(), title: z.string(), points: z.int(), pass: z.int(), total: z.int(), certified: z.boolean(), missing: z.array(z.string()), drills: z.array(CertificateLine) })
  .meta({ id: 'Certificate', description: "A person's standing on one role's path: assessment points (考核积分) earned, and whether certified." });
export const Certificates = z.object({ person: PersonEntry, certificates: z.array(Certificate), problems: z.array(z.string()) });
export type Certificates = z.infer<typeof Certificates>;
export type Certificate = z.infer<typeof Certificate>;

const DrillTitle = z.object({ id: z.string(), title: z.string() });
export const RolePathList = z.object({
  roles: z.array(z.looseObject({ id: z.string(), title: z.string(), pass: z.int(), drills: z.array(z.object({ drill: z.string(), points: z.int(), required: z.boolean() })) })),
  drills: z.array(DrillTitle),
  problems: z.array(z.string()),
});
export type RolePathList = z.infer<typeof RolePathList>;

const DrillRow = z.object({
  drill: z.string(),
  attempts: z.int(),
  honest: z.int(),
  passed: z.boolean(),
  bestScore: z.int(),
  bestTime: z.int().nullable(),
  hintsUsed: z.int(),
  failedAt: z.array(z.object({ objective: z.string(), times: z.int() })),
  lastGradedAt: z.int(),
});
export const TraineeBoard = z
  .object({ lead: PersonEntry, drills: z.array(DrillTitle), trainees: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.int(), drills: z.array(DrillRow) })) })
  .meta({ id: 'TraineeBoard', description: "A lead's page: the people they train, per drill attempts, best score and time, hints, and where they failed." });
export type TraineeBoard = z.infer<typeof TraineeBoard>;
export type TraineeRow = TraineeBoard['trainees'][number];
