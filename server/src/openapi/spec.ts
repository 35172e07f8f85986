import { z } from 'zod';
import * as R from '@twinlab/shared/api/rest';
import { Command } from '@twinlab/shared/scenario/command';
import { ClockRequest } from '@twinlab/shared/session/clock';
import { CreateSessionBody } from '../sessions/create.ts';
import { InvitationBody } from '../sessions/routes.ts';
import { HintBody, StartBody } from '../drills/routes.ts';
import { PEOPLE_ROUTES, PERSONAL_TOKEN_SCHEME } from './people.ts';

/** One route as OpenAPI describes it; `path` in hono's form (`/api/sessions/:id`). */
export interface RouteDoc {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** Needs `Authorization: Bearer <invitation token>`. */
  participant?: boolean;
  /** Needs `Authorization: Bearer <personal token>` (tlp_…). */
  person?: boolean;
  body?: z.ZodType;
  /** A body that is not JSON (the validator also takes YAML text). */
  bodyText?: string;
  query?: Record<string, { description: string; schema: z.ZodType }>;
  responses: Record<number, { description: string; schema?: z.ZodType; html?: boolean; text?: boolean; pdf?: boolean; csv?: boolean; binary?: boolean }>;
}

const err = (description: string) => ({ description, schema: R.ApiError });
const until = { until: { description: 'Simulated time HH:MM[:SS], or µs since midnight; default: the shared clock now.', schema: z.string() } };
const any = z.looseObject({});

/**
 * Every route of the server, with the zod schemas the routes validate requests with and the
 * shared response schemas. openapi.test.ts fails when a route of the app is missing here.
 */
export const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'operations',
    summary: 'Liveness: the process serves; degraded names what is missing (Redis)',
    responses: { 200: { description: 'alive', schema: R.Health } },
  },
  { method: 'get', path: '/api/health', tag: 'operations', summary: 'Liveness, under /api', responses: { 200: { description: 'alive', schema: R.Health } } },
  {
    method: 'get',
    path: '/readyz',
    tag: 'operations',
    summary: 'Readiness: 503 while shutting down or when storage does not answer',
    responses: { 200: { description: 'ready', schema: R.Ready }, 503: { description: 'not ready', schema: R.Ready } },
  },
  { method: 'get', path: '/api/time', tag: 'operations', summary: 'Server wall clock', responses: { 200: { description: 'now', schema: R.ServerTime } } },
  { method: 'get', path: '/metrics', tag: 'operations', summary: 'Prometheus metrics (text format 0.0.4)', responses: { 200: { description: 'metrics', text: true } } },
  { method: 'get', path: '/openapi.json', tag: 'operations', summary: 'This description (OpenAPI 3.1)', responses: { 200: { description: 'the document', schema: any } } },
  { method: 'get', path: '/api/docs', tag: 'operations', summary: 'This description as a page', responses: { 200: { description: 'HTML', html: true } } },

  { method: 'get', path: '/api/scenarios', tag: 'scenarios', summary: 'Scenario files on the server', responses: { 200: { description: 'list', schema: R.ScenarioList } } },
  {
    method: 'get',
    path: '/api/scenarios/:id',
    tag: 'scenarios',
    summary: 'One scenario file: its YAML and whether it loads',
    responses: { 200: { description: 'the file', schema: z.looseObject({ id: z.string(), file: z.string(), yaml: z.string(), ok: z.boolean() }) }, 404: err('no such file') },
  },
  {
    method: 'post',
    path: '/api/scenarios/validate',
    tag: 'scenarios',
    summary: 'Check a scenario text: errors with file, line, column and field',
    bodyText: 'The YAML itself (text/yaml), or JSON {"yaml": "…", "file": "name.yaml"}',
    responses: { 200: { description: 'it loads', schema: any }, 400: err('not JSON'), 422: { description: 'errors', schema: any } },
  },

  {
    method: 'post',
    path: '/api/sessions',
    tag: 'sessions',
    summary: 'Start a session from a scenario; you are its lead',
    body: CreateSessionBody,
    responses: { 201: { description: 'created', schema: R.SessionCreated }, 400: err('the body or the scenario is not valid'), 404: err('no such scenario') },
  },
  { method: 'get', path: '/api/sessions', tag: 'sessions', summary: 'Sessions, newest first', responses: { 200: { description: 'list', schema: R.SessionList } } },
  {
    method: 'get',
    path: '/api/sessions/:id',
    tag: 'sessions',
    participant: true,
    summary: 'Settings, clock, who you are and who is online',
    responses: { 200: { description: 'the session', schema: R.SessionJoined }, 404: err('gone') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/join',
    tag: 'sessions',
    participant: true,
    summary: 'Join: the same as GET, for a first visit',
    responses: { 200: { description: 'the session', schema: R.SessionJoined }, 404: err('gone') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/invitations',
    tag: 'sessions',
    participant: true,
    summary: 'Invite someone (lead only)',
    body: InvitationBody,
    responses: { 201: { description: 'a signed invitation and its link', schema: R.Invited }, 400: err('invalid'), 403: err('not the lead') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/invitations',
    tag: 'sessions',
    participant: true,
    summary: 'Invitations (lead only)',
    responses: { 200: { description: 'list', schema: R.InvitationList }, 403: err('not the lead') },
  },
  {
    method: 'delete',
    path: '/api/sessions/:id/invitations/:jti',
    tag: 'sessions',
    participant: true,
    summary: 'Revoke an invitation; its holder is closed with 4403 (lead only)',
    responses: { 200: { description: 'revoked', schema: R.InvitationRevoked }, 403: err('not the lead'), 404: err('no such invitation') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/commands',
    tag: 'sessions',
    participant: true,
    summary: 'Submit an operator command; stamped with seq, simulated time and actor',
    body: Command,
    responses: { 201: { description: 'stamped', schema: R.CommandStamped }, 400: err('invalid, with issues[{path, message}]'), 403: err('not for your role') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/clock',
    tag: 'sessions',
    participant: true,
    summary: 'Play, pause, change speed or seek forward (lead only)',
    body: ClockRequest,
    responses: { 200: { description: 'the new clock', schema: R.ClockChanged }, 400: err('invalid'), 403: err('not the lead') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/run',
    tag: 'runs',
    participant: true,
    summary: 'Headless run: state hash and metrics at until',
    query: until,
    responses: { 200: { description: 'the run', schema: R.RunResult }, 400: err('bad until'), 422: err('the run failed or timed out') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/snapshot',
    tag: 'runs',
    participant: true,
    summary: 'For a late joiner: the engine state at the start of the simulated minute of until (never after the shared clock), as bytes (shared/src/engine/snapshot-wire.ts) with its state hash',
    query: until,
    responses: {
      200: { description: 'the snapshot; headers x-twinlab-sim-time, x-twinlab-state-hash, x-twinlab-applied', binary: true },
      400: err('bad until'),
      413: err('the snapshot is over TWINLAB_SNAPSHOT_MAX_MB'),
      422: err('the run failed or is over a run limit'),
      429: err('too many snapshot requests or runs'),
    },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/report',
    tag: 'runs',
    participant: true,
    summary: 'The run with the command log, who did what, runbook and notes',
    query: until,
    responses: { 200: { description: 'the report', schema: any } },
  },

  { method: 'get', path: '/api/drills', tag: 'drills', summary: 'Drills as a learning path', responses: { 200: { description: 'catalogue', schema: R.DrillList } } },
  {
    method: 'post',
    path: '/api/drills/:drill/sessions',
    tag: 'drills',
    summary: 'Start a drill: the trainee leads their own session; with a personal token (Bearer tlp_…) it counts for that person, without one it is a guest’s practice',
    body: StartBody,
    responses: { 201: { description: 'started', schema: R.DrillStarted }, 400: err('neither a personal token nor a trainee name'), 401: err('an unknown personal token'), 404: err('no such drill') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/drill',
    tag: 'drills',
    participant: true,
    summary: 'The guided drill: objectives, hints revealed so far, result',
    responses: { 200: { description: 'state', schema: R.GuidedState }, 404: err('not a drill') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/drill/hints',
    tag: 'drills',
    participant: true,
    summary: 'Ask for a hint (counted once per session)',
    body: HintBody,
    responses: { 200: { description: 'already asked', schema: R.HintGiven }, 201: { description: 'asked', schema: R.HintGiven }, 400: err('no such hint'), 403: err('observer') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/drill/grade',
    tag: 'drills',
    participant: true,
    summary: 'Grade from the recorded inputs',
    responses: { 200: { description: 'graded', schema: R.Graded }, 422: err('the grading run failed') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/drill/result',
    tag: 'drills',
    participant: true,
    summary: 'The latest grade',
    responses: { 200: { description: 'result', schema: R.GradeResult }, 404: err('not graded yet') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/drill/path',
    tag: 'drills',
    participant: true,
    summary: "Your learning path: each drill's status and attempts",
    responses: { 200: { description: 'path', schema: R.LearningPath } },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/export',
    tag: 'drills',
    participant: true,
    summary: 'The session export (inputs for replay and grading)',
    responses: { 200: { description: 'export', schema: any } },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/aar',
    tag: 'drills',
    participant: true,
    summary: 'After-action report (JSON; ?download for a file)',
    responses: { 200: { description: 'report', schema: any } },
  },
  { method: 'get', path: '/api/sessions/:id/aar.html', tag: 'drills', participant: true, summary: 'After-action report as a printable page', responses: { 200: { description: 'HTML', html: true } } },
  {
    method: 'get',
    path: '/api/sessions/:id/aar.pdf',
    tag: 'drills',
    participant: true,
    summary: "After-action report as PDF, printed by the server's Chromium (?download for a file)",
    responses: { 200: { description: 'PDF', pdf: true }, 429: err('another PDF is being printed'), 503: err('no Chromium on this server') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/diagnose',
    tag: 'drills',
    participant: true,
    summary: 'Configuration errors and likely causes, with evidence and file:line:column (?until=HH:MM:SS); in a drill only after the grade',
    responses: { 200: { description: 'diagnosis', schema: any }, 403: err('a drill not graded yet'), 422: err('the engine stopped') },
  },
  {
    method: 'post',
    path: '/api/sessions/:id/scenario/versions',
    tag: 'drills',
    participant: true,
    summary: "Save the session's scenario as the next version (lead only)",
    responses: { 201: { description: 'saved', schema: R.VersionSaved }, 400: err('the scenario has errors'), 403: err('not the lead') },
  },
  {
    method: 'get',
    path: '/api/sessions/:id/scenario/versions',
    tag: 'drills',
    participant: true,
    summary: "Saved versions of the session's scenario",
    responses: { 200: { description: 'list', schema: R.VersionList } },
  },

  ...PEOPLE_ROUTES,

  {
    method: 'get',
    path: '/sync/:id',
    tag: 'sync',
    summary: 'Yjs sync (y-websocket protocol) over a WebSocket; ?token=<invitation>',
    query: { token: { description: 'The invitation token', schema: z.string() } },
    responses: {
      101: { description: 'switching to the WebSocket' },
      401: { description: 'no or bad token' },
      403: { description: 'revoked, or for another session' },
      404: { description: 'no such session' },
      503: { description: 'the server is full' },
    },
  },
];

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), its named parts moved to components. */
function schemaOf(s: z.ZodType, components: Json, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Json;
  const { $schema: _s, $defs, ...rest } = json;
  const fix = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(fix)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : fix(x)]))
        : v;
  for (const [name, def] of Object.entries(($defs ?? {}) as Json)) components[name] = fix(def);
  return fix(rest) as Json;
}

/** `/api/sessions/:id` → `/api/sessions/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/** The OpenAPI 3.1 document of every route in ROUTES. */
export function openApiDocument(version = '0.1.0'): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    const params = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = Object.entries(r.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: false, description: q.description, schema: schemaOf(q.schema, components, 'input') }));
    const responses = Object.fromEntries(
      Object.entries(r.responses).map(([status, res]) => [
        status,
        {
          description: res.description,
          ...(res.schema ? { content: { 'application/json': { schema: schemaOf(res.schema, components, 'output') } } } : {}),
          ...(res.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
          ...(res.text ? { content: { 'text/plain': { schema: { type: 'string' } } } } : {}),
          ...(res.pdf ? { content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } : {}),
          ...(res.csv ? { content: { 'text/csv': { schema: { type: 'string' } } } } : {}),
          ...(res.binary ? { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } : {}),
        },
      ]),
    );
    const op: Json = {
      operationId: `${r.method}${openApiPath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      tags: [r.tag],
      ...(params.length + query.length ? { parameters: [...params, ...query] } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, components, 'input') } } } } : {}),
      ...(r.bodyText
        ? {
            requestBody: {
              required: true,
              description: r.bodyText,
              content: {
                'text/yaml': { schema: { type: 'string' } },
                'application/json': { schema: { type: 'object', properties: { yaml: { type: 'string' }, file: { type: 'string' } }, required: ['yaml'] } },
              },
            },
          }
        : {}),
      ...(r.participant ? { security: [{ invitation: [] }] } : {}),
      ...(r.person ? { security: [{ personal: [] }] } : {}),
      responses,
    };
    (paths[openApiPath(r.path)] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'TwinLab', version, description: 'REST API of the TwinLab server. Participants authenticate with the invitation token of their link: Authorization: Bearer <token>.' },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        personal: PERSONAL_TOKEN_SCHEME,
        invitation: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The invitation token (HS256), from the fragment of an invitation link.' },
      },
    },
  };
}
