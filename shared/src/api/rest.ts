import { ERROR_CODES } from '../session/error-codes.ts';
import { z } from 'zod';
import type { DrillResult } from '../drill/grade.ts';
import type { PathStep } from '../drill/path.ts';
import type { SolutionStep } from '../drill/solution.ts';
import { SessionMeta } from '../session/layout.ts';
import { Role } from '../session/roles.ts';

/**
 * What the REST API answers, as zod schemas: the server's OpenAPI description
 * (server/src/openapi) is generated from them and the browser's API client takes its types from
 * them, so neither keeps a copy. server/src/openapi/openapi.test.ts checks real answers against
 * them. Results of the grader and the learning path are described by their main fields and typed
 * by the shared types that produce them.
 */
export const ApiError = z
  .object({
    error: z.string().meta({ description: 'What went wrong and where, in English.' }),
    code: z.enum(ERROR_CODES).optional().meta({ description: "The same as a key the lab shows in the reader's language." }),
  })
  .meta({ id: 'Error' });

export const ScenarioEntry = z.object({ id: z.string(), file: z.string(), title: z.string(), description: z.string(), ok: z.boolean(), errors: z.int() }).meta({ id: 'ScenarioEntry' });
export type ScenarioEntry = z.infer<typeof ScenarioEntry>;
export const ScenarioList = z.object({ scenarios: z.array(ScenarioEntry) });
export type ScenarioList = z.infer<typeof ScenarioList>;

export const SessionEntry = z
  .object({ id: z.string(), title: z.string(), scenarioId: z.string(), createdAt: z.int(), createdBy: z.string(), updateCount: z.int(), online: z.int() })
  .meta({ id: 'SessionEntry' });
export type SessionEntry = z.infer<typeof SessionEntry>;
export const SessionList = z.object({ sessions: z.array(SessionEntry) });
export type SessionList = z.infer<typeof SessionList>;

export const SessionCreated = z
  .object({ session: SessionMeta, role: Role, name: z.string(), token: z.string(), expiresAt: z.int(), link: z.string(), syncPath: z.string() })
  .meta({ id: 'SessionCreated', description: 'The lead token and an invitation link for the lead (the token is in the fragment).' });
export type SessionCreated = z.infer<typeof SessionCreated>;

export const SessionJoined = z
  .object({
    session: SessionMeta,
    you: z.object({ role: Role, name: z.string(), expiresAt: z.int() }),
    clock: z.looseObject({ running: z.boolean() }).nullable(),
    simNow: z.int().nullable(),
    commands: z.int(),
    online: z.array(z.looseObject({})),
    serverMs: z.int(),
    syncPath: z.string(),
  })
  .meta({ id: 'SessionJoined' });
export type SessionJoined = z.infer<typeof SessionJoined>;

export const InvitationRecord = z
  .object({ jti: z.string(), sessionId: z.string(), role: Role, name: z.string(), createdAt: z.int(), expiresAt: z.int(), revokedAt: z.int().nullable() })
  .meta({ id: 'Invitation' });
export const Invited = z.object({ token: z.string(), invitation: InvitationRecord.pick({ jti: true, sessionId: true, role: true, name: true, expiresAt: true }), link: z.string() });
export type Invited = z.infer<typeof Invited>;
export const InvitationList = z.object({ invitations: z.array(InvitationRecord) });
export const InvitationRevoked = z.object({ invitation: InvitationRecord, connectionsClosed: z.int() });

export const ServerTime = z.object({ serverMs: z.int().meta({ description: 'Server wall clock, ms since the Unix epoch.' }) });
export type ServerTime = z.infer<typeof ServerTime>;
export const CommandStamped = z.object({ command: z.looseObject({ seq: z.int(), at: z.int(), actor: z.string() }), serverMs: z.int() });
export const ClockChanged = z.object({ clock: z.looseObject({ running: z.boolean() }), serverMs: z.int() });
export const RunResult = z.looseObject({ sessionId: z.string(), scenarioHash: z.string(), seed: z.int(), untilClock: z.string(), stateHash: z.string() }).meta({ id: 'RunResult' });
export const Health = z.looseObject({ ok: z.boolean(), status: z.enum(['ok', 'degraded']), problems: z.array(z.string()), mode: z.enum(['single', 'cluster']) });
export const Ready = z.object({ ready: z.boolean(), reason: z.string().optional() });

const Objective = z.object({ id: z.string(), title: z.string(), when: z.string(), weight: z.number() });
export const DrillSummary = z
  .object({ id: z.string(), title: z.string(), level: z.string(), prerequisites: z.array(z.string()), brief: z.string(), timeLimit: z.int(), objectives: z.array(Objective), hints: z.int() })
  .meta({ id: 'DrillSummary', description: 'A drill as a trainee sees it before starting: no hint texts.' });
export type DrillSummary = z.infer<typeof DrillSummary>;
export const DrillList = z.object({ drills: z.array(DrillSummary), problems: z.array(z.string()) });
export type DrillList = z.infer<typeof DrillList>;

export const DrillStarted = SessionCreated.omit({ role: true }).extend({
  role: z.literal('lead'),
  person: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: 'The account the drill belongs to (null: a guest, whose progress stays in this session).' }),
});

// Described by their main fields; their exact types are the shared grader's and path's.
const DrillResultSchema = z.looseObject({ drillId: z.string(), score: z.int(), passed: z.boolean(), reasons: z.array(z.string()) }).meta({ id: 'DrillResult' }) as unknown as z.ZodType<DrillResult>;
const PathStepSchema = z.looseObject({ id: z.string(), status: z.string(), attempts: z.int() }).meta({ id: 'PathStep' }) as unknown as z.ZodType<PathStep & { attempts: number }>;
const SolutionSteps = z.array(z.looseObject({ at: z.int() })).nullable() as unknown as z.ZodType<SolutionStep[] | null>;

export const HintState = z.object({
  index: z.int(),
  cost: z.number(),
  showsAt: z.int().nullable(),
  revealed: z.boolean(),
  text: z.string().optional(),
  askedBy: z.string().optional(),
  askedAt: z.int().optional(),
});
export type HintState = z.infer<typeof HintState>;
export const GuidedState = z
  .object({
    id: z.string(),
    title: z.string(),
    brief: z.string(),
    level: z.string(),
    start: z.int(),
    end: z.int(),
    timeLimit: z.int(),
    simNow: z.int(),
    objectives: z.array(Objective.extend({ check: z.string() })),
    hints: z.array(HintState),
    hintsAsked: z.array(z.object({ hint: z.int(), actor: z.string(), at: z.int() })),
    result: DrillResultSchema.nullable(),
  })
  .meta({ id: 'GuidedDrill' });
export type GuidedState = z.infer<typeof GuidedState>;
export const HintGiven = z.object({ hint: z.int(), actor: z.string(), at: z.int(), text: z.string(), cost: z.number() });
export type HintGiven = z.infer<typeof HintGiven>;
export const Uncounted = z.enum(['observer', 'not_owner', 'edited', 'controls']).nullable().meta({ description: 'Why the attempt does not count on the learning path (null: it counts).' });
export type Uncounted = z.infer<typeof Uncounted>;
export const Graded = z.object({
  result: DrillResultSchema,
  person: z.string(),
  personId: z.string().nullable().meta({ description: 'Whose progress the session writes (null: a guest session).' }),
  counted: z.boolean(),
  uncounted: Uncounted,
  actions: z.int().meta({ description: "The trainee's own commands before the drill's end: 0 is an empty attempt, which never gets the model answer." }),
  solution: SolutionSteps,
});
export type Graded = z.infer<typeof Graded>;
export const GradeResult = z.object({ result: DrillResultSchema, solution: SolutionSteps });
export const LearningPath = z.object({ person: z.string(), path: z.array(PathStepSchema), problems: z.array(z.string()) });
export type LearningPath = z.infer<typeof LearningPath>;
const VersionEntry = z.object({ scenarioId: z.string(), version: z.int(), author: z.string(), savedAt: z.int(), fromSession: z.string().nullable() });
export const VersionSaved = z.object({ version: VersionEntry.extend({ text: z.string() }) });
export type VersionSaved = z.infer<typeof VersionSaved>;
export const VersionList = z.object({ versions: z.array(VersionEntry) });
