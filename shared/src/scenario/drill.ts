import { z } from 'zod';
import { PredicateText } from '../predicate/text.ts';
import { ClockTime, Duration, Id } from './units.ts';
import { Command } from './command.ts';

/**
 * A drill: what a trainee must achieve in a scenario, scored from the session's recorded inputs.
 * It lives in the scenario file under `drill:` so the topology, the faults and the objectives that
 * judge the response to them are read and versioned together.
 */

const COMMAND_TYPES = Command.options.map((o) => o.shape.type.value);

/** What starts a `within` clock: a fault (scheduled or injected, by id), a command kind, or a time of day. */
export const DrillEvent = z.union([
  z.object({ fault: Id.meta({ description: 'Id of a fault in `faults:` (or injected live with this id): the clock starts when it starts.' }) }).strict(),
  z.object({ command: z.enum(COMMAND_TYPES).meta({ description: 'The first command of this kind in the session log.' }) }).strict(),
  z.object({ time: ClockTime }).strict(),
]);
export type DrillEvent = z.output<typeof DrillEvent>;

export const Objective = z
  .object({
    id: Id,
    title: z.string().min(1).meta({ description: 'The objective as the trainee reads it.' }),
    check: PredicateText,
    always: z.literal(true).optional().meta({ description: 'The check holds at every sample from the drill start (or `from`) to its end, e.g. no order lost.' }),
    from: ClockTime.optional().meta({ description: 'With always: start checking at this time of day instead of the drill start.' }),
    by: ClockTime.optional().meta({ description: 'The check holds at this time of day, e.g. p99 under 50 ms by 10:00.' }),
    within: Duration.optional().meta({ description: 'The check holds within this long after `after`, e.g. orders flow again within 5m of the gateway failure.' }),
    after: DrillEvent.optional(),
    weight: z.int().min(0).max(1000).default(1).meta({ description: 'Share of the score, relative to the other objectives.' }),
    required: z.boolean().default(true).meta({ description: 'A missed required objective fails the drill whatever the score.' }),
  })
  .strict()
  .superRefine((o, ctx) => {
    const kinds = [o.always !== undefined, o.by !== undefined, o.within !== undefined].filter(Boolean).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'say when the check must hold: exactly one of always: true, by: "HH:MM", within: <duration> (with after:)' });
    if (o.within !== undefined && o.after === undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'within needs after: { fault: <id> } or { command: <kind> } or { time: "HH:MM" }' });
    if (o.within === undefined && o.after !== undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'after only goes with within' });
    if (o.from !== undefined && o.always === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from only goes with always: true' });
  });
export type Objective = z.output<typeof Objective>;

export const Hint = z
  .object({
    text: z.string().min(1),
    after: Duration.optional().meta({ description: 'Shown by itself this long after the drill starts, at no cost; before that it costs `cost` points to ask for.' }),
    cost: z.int().min(0).max(100).default(5).meta({ description: 'Points taken off when the trainee asks for it early.' }),
  })
  .strict();
export type Hint = z.output<typeof Hint>;

/** Points per unit beyond an allowance, capped: penalties tell the trainee what cost them, one line each. */
const Penalty = <S extends z.core.$ZodShape>(shape: S) => z.object({ ...shape, max: z.int().min(0).max(100).default(20).meta({ description: 'Most points this penalty can take.' }) }).strict();

export const Scoring = z
  .object({
    pass: z.int().min(0).max(100).default(70).meta({ description: 'Lowest score that passes (out of 100).' }),
    time: Penalty({
      par: Duration.meta({ description: 'Time from the drill start to the last objective met that costs nothing.' }),
      perMinute: z.number().min(0).max(100).default(2),
    }).optional(),
    lostOrders: Penalty({
      allowed: z.int().min(0).default(0).meta({ description: 'Orders that may be lost at no cost (a crash loses what is inside).' }),
      perThousand: z.number().min(0).max(100).default(1),
    }).optional(),
    rejectedOrders: Penalty({
      metric: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+$/, 'a metric path, e.g. node.counter.rejected')
        .default('orders.rejected')
        .meta({ description: 'The count of refusals to charge, read at the drill start and end, e.g. node.counter.rejected (orders turned away by flow control) or rejects.no_quotes.' }),
      allowed: z.int().min(0).default(0).meta({ description: 'Refusals at no cost (funds or positions refuse a few orders on any day).' }),
      perThousand: z.number().min(0).max(100).default(10).meta({ description: 'Points per thousand refusals past allowed: a client whose order is refused is a client the business hears from.' }),
    }).optional(),
    classification: Penalty({
      perWrong: z.number().min(0).max(100).default(10).meta({ description: 'Points per reconciliation break classified wrongly (classify_break), graded against the engine\u2019s own cause.' }),
    })
      .optional()
      .meta({ description: 'Breaks arrive unlabelled (docs/domain.md E2): classifying them is the skill, so a wrong class costs.' }),
    sla: Penalty({
      check: PredicateText.meta({ description: 'The service level, e.g. `node.counter.queueDepth < 1000`; each simulated minute it fails costs perMinute.' }),
      perMinute: z.number().min(0).max(100).default(1),
    }).optional(),
  })
  .strict();
export type Scoring = z.output<typeof Scoring>;

export const Drill = z
  .object({
    title: z.string().min(1).optional().meta({ description: 'Defaults to the scenario title.' }),
    level: z.enum(['beginner', 'intermediate', 'advanced']).default('beginner'),
    brief: z.string().min(1).meta({ description: 'What the trainee is told at the start: the situation and their role.' }),
    start: ClockTime.optional().meta({ description: 'When the drill starts; defaults to the window start.' }),
    timeLimit: Duration.meta({ description: 'Simulated time the trainee has; the drill is judged up to start + timeLimit.' }),
    sampleEvery: Duration.default(1_000_000).meta({ description: 'How often the checks are evaluated (simulated time); default 1s.' }),
    prerequisites: z.array(Id).default([]).meta({ description: 'Drills (scenario ids) to pass first: they form the learning path.' }),
    objectives: z.array(Objective).min(1),
    hints: z.array(Hint).default([]),
    scoring: Scoring.prefault({}),
  })
  .strict();
export type DrillInput = z.input<typeof Drill>;
export type Drill = z.output<typeof Drill>;
