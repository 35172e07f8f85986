import { z } from 'zod';
import { parseYamlFile, type ParseYamlResult } from '../scenario/parse.ts';
import { Id } from '../scenario/units.ts';

/**
 * Learning paths per role (scenarios/drills/paths.yaml): which drills a new counter engineer, a
 * gateway/exchange engineer, a DBA or a project lead works through, and the assessment points
 * (考核积分) each passed drill earns. A person holds a role's certificate once every required drill
 * of it is passed and the points reach the role's `pass`.
 */
export const RoleDrill = z
  .object({
    drill: Id.meta({ description: 'A drill (scenario id in scenarios/drills).' }),
    points: z.int().min(1).max(100).meta({ description: 'Assessment points (考核积分) earned by passing it.' }),
    required: z.boolean().default(true).meta({ description: 'The certificate needs it passed, whatever the points.' }),
  })
  .strict();

export const RolePath = z
  .object({
    id: Id,
    title: z.string().min(1).max(120).meta({ description: 'Chinese first, English in brackets.' }),
    summary: z.string().min(1).max(400).optional(),
    drills: z.array(RoleDrill).min(1).max(50),
    pass: z.int().min(1).meta({ description: 'Points needed for the certificate.' }),
  })
  .strict()
  .superRefine((p, ctx) => {
    const total = p.drills.reduce((n, d) => n + d.points, 0);
    if (p.pass > total) ctx.addIssue({ code: 'custom', path: ['pass'], message: `pass is ${p.pass} points but the drills give only ${total}: nobody could earn the certificate` });
    const seen = new Set<string>();
    p.drills.forEach((d, i) => {
      if (seen.has(d.drill)) ctx.addIssue({ code: 'custom', path: ['drills', i, 'drill'], message: `drill ${d.drill} is listed twice in this path` });
      seen.add(d.drill);
    });
  });
export type RolePath = z.output<typeof RolePath>;

export const RolePaths = z
  .object({ schemaVersion: z.literal(1), roles: z.array(RolePath).min(1).max(20) })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.roles.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'id'], message: `role ${r.id} is defined twice` });
      seen.add(r.id);
    });
  });
export type RolePaths = z.output<typeof RolePaths>;

export function parseRolePaths(text: string, file: string): ParseYamlResult<RolePaths> {
  return parseYamlFile(text, file, RolePaths);
}

/** Drills a path names that the library does not have: each is a problem to show, not a crash. */
export function unknownDrills(paths: RolePaths, drillIds: ReadonlySet<string>): string[] {
  return paths.roles.flatMap((r) => r.drills.filter((d) => !drillIds.has(d.drill)).map((d) => `role ${r.id}: drill "${d.drill}" is not in scenarios/drills`));
}

export interface DrillRecord {
  passed: boolean;
  bestScore: number;
  attempts: number;
}

export interface CertificateLine {
  drill: string;
  points: number;
  required: boolean;
  earned: number;
  passed: boolean;
  bestScore: number | null;
  attempts: number;
}

export interface Certificate {
  role: string;
  title: string;
  points: number;
  pass: number;
  total: number;
  /** Every required drill passed and the points reach `pass`. */
  certified: boolean;
  /** Required drills not passed yet. */
  missing: string[];
  drills: CertificateLine[];
}

/** A person's standing on each role's path: points earned by passed drills, and whether they are certified. */
export function certificates(paths: RolePaths, progress: ReadonlyMap<string, DrillRecord>): Certificate[] {
  return paths.roles.map((r) => {
    const drills = r.drills.map((d): CertificateLine => {
      const p = progress.get(d.drill);
      return { drill: d.drill, points: d.points, required: d.required, earned: p?.passed ? d.points : 0, passed: p?.passed ?? false, bestScore: p ? p.bestScore : null, attempts: p?.attempts ?? 0 };
    });
    const points = drills.reduce((n, d) => n + d.earned, 0);
    const missing = drills.filter((d) => d.required && !d.passed).map((d) => d.drill);
    return { role: r.id, title: r.title, points, pass: r.pass, total: drills.reduce((n, d) => n + d.points, 0), certified: missing.length === 0 && points >= r.pass, missing, drills };
  });
}
