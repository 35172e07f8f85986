import type * as Y from 'yjs';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { ClockRequest, applyClockRequest, simTimeAt } from '@twinlab/shared/session/clock';
import type { ClockState } from '@twinlab/shared/session/clock';
import { readClock, readMeta, readScenarioText, sessionParts, writeMap } from '@twinlab/shared/session/layout';
import { mayControlClock, maySubmit, refusalForCommand } from '@twinlab/shared/session/roles';
import { checkCommand } from '@twinlab/shared/session/commands';
import { describeIssues } from '@twinlab/shared/session/issues';
import type { Issue } from '@twinlab/shared/session/protocol';
import { Command, StampedCommand } from '@twinlab/shared/scenario/command';
import { runbookFromLog, runbookRefusal } from '@twinlab/shared/runbook/judge';
import type { Invitation } from '../auth/tokens.ts';
import type { RunbookView } from './writes.ts';

export interface SessionDeps {
  /** Server wall clock, ms since the Unix epoch. */
  now: () => number;
  /** Parse a scenario text; undefined when it does not parse (commands are then checked by shape only). */
  parseScenario: (text: string) => Scenario | undefined;
  sha256: (text: string) => string;
}

export type Refusal = { ok: false; status: 400 | 403 | 409 | 422 | 429 | 503; error: string; issues?: Issue[] };
/** replayed: the answer to an earlier command with the same idempotency key (nothing new was stamped). */
export type CommandResult = { ok: true; command: StampedCommand; replayed?: true } | Refusal;
export type ClockResult = { ok: true; clock: ClockState } | Refusal;

const SERVER = 'twinlab-server';
/** Idempotency keys remembered per session. */
export const MAX_IDEMPOTENCY_KEYS = 10_000;
const COMMAND_TYPES = Command.options.map((o) => o.shape.type.value);

/**
 * Judges commands and clock requests, and makes the server's own writes to a session document:
 * stamping commands into the log, moving the clock, keeping the scenario hash true. Decisions
 * over the document; the room makes them durable.
 */
export class CommandJudge {
  private scenarioCache: { hash: string; scenario: Scenario | undefined } | undefined;
  /** The log, parsed: each entry once, when it is appended (not the whole log on every stamp). */
  private readonly index: StampedCommand[] = [];
  private indexed = 0;
  /** Idempotency keys of recent commands (kept in memory: a retry after a restart is not recognised). */
  private readonly retries = new Map<string, { body: string; command: StampedCommand }>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly deps: SessionDeps,
  ) {}

  /** The stamped commands of the log, in order (entries that do not parse are skipped, as readCommands does). */
  commands(): readonly StampedCommand[] {
    const log = sessionParts(this.doc).commands;
    if (log.length < this.indexed) {
      // Only the server appends to the log; a shorter one means the document was replaced.
      this.index.length = 0;
      this.indexed = 0;
    }
    for (; this.indexed < log.length; this.indexed++) {
      const r = StampedCommand.safeParse(log.get(this.indexed));
      if (r.success) this.index.push(r.data);
    }
    return this.index;
  }

  /** The runbook's steps and the log's view of them, for judging direct runbook entries. */
  runbookView(): RunbookView | undefined {
    const scenario = this.scenario();
    const rb = scenario?.runbook;
    if (!scenario || !rb) return undefined;
    let state: ReturnType<typeof runbookFromLog>;
    const log = () => (state ??= runbookFromLog(scenario, this.commands()));
    return {
      scenarioId: scenario.id,
      kindOf: (step) => rb.steps.find((s) => s.id === step)?.kind,
      statusOf: (step) => log()?.steps[rb.steps.findIndex((s) => s.id === step)]?.status ?? 'pending',
      get rolledBack() {
        return log()?.mode === 'rollback';
      },
    };
  }

  scenario(): Scenario | undefined {
    const meta = readMeta(this.doc);
    const hash = meta?.scenarioHash ?? '';
    if (this.scenarioCache?.hash !== hash) this.scenarioCache = { hash, scenario: this.deps.parseScenario(readScenarioText(this.doc)) };
    return this.scenarioCache.scenario;
  }

  /** Simulated time now on the shared clock. */
  simNow(): number {
    const clock = readClock(this.doc);
    return clock ? simTimeAt(clock, this.deps.now()) : 0;
  }

  /**
   * Stamp a command. With an idempotency key, a retry (same invitation, same key, same command)
   * gets the first answer instead of a second entry in the log: an operator action is applied once.
   */
  stampCommand(who: Invitation, raw: unknown, key?: string): CommandResult {
    if (key === undefined) return this.stampOnce(who, raw);
    const slot = `${who.jti}\u0000${key}`;
    const body = JSON.stringify(raw) ?? '';
    const earlier = this.retries.get(slot);
    if (earlier) {
      if (earlier.body !== body) return { ok: false, status: 422, error: `the Idempotency-Key "${key}" was used for another command: use a new key for a new command` };
      return { ok: true, command: earlier.command, replayed: true };
    }
    const r = this.stampOnce(who, raw);
    if (r.ok) {
      this.retries.set(slot, { body, command: r.command });
      // Bounded: the oldest keys go first (a retry comes seconds after its original, not thousands of commands later).
      if (this.retries.size > MAX_IDEMPOTENCY_KEYS) this.retries.delete(this.retries.keys().next().value!);
    }
    return r;
  }

  private stampOnce(who: Invitation, raw: unknown): CommandResult {
    if (who.role === 'observer') return { ok: false, status: 403, error: 'observers cannot submit commands' };
    // The role check comes before the shape check, so an engineer learns "not yours" rather than a field error.
    const type = COMMAND_TYPES.find((t) => t === (raw as { type?: unknown } | null)?.type);
    if (type !== undefined && !maySubmit(who.role, type)) return { ok: false, status: 403, error: refusalForCommand(who.role, type) };
    const commands = this.commands();
    const checked = checkCommand(raw, this.scenario(), commands);
    if (!checked.ok) return { ok: false, status: 400, error: checked.error, issues: checked.issues };
    const last = commands[commands.length - 1];
    // Stamps never go back in time, even if the lead paused and sought between two commands.
    const at = Math.max(this.simNow(), last?.at ?? 0);
    // A runbook input must apply to the runbook as the log has it (owner role claimed, predecessors done, …).
    const scenario = this.scenario();
    const refusal = scenario && runbookRefusal(scenario, commands, checked.command, who.name, at);
    if (refusal) return { ok: false, status: 409, error: refusal };
    const stamped: StampedCommand = { seq: sessionParts(this.doc).commands.length, at, actor: who.name, command: checked.command };
    const clock = readClock(this.doc);
    this.doc.transact(() => {
      sessionParts(this.doc).commands.push([stamped]);
      // The emergency stop freezes the session: the shared clock stops with the run.
      if (checked.command.type === 'emergency_stop' && clock) writeMap(sessionParts(this.doc).clock, { ...applyClockRequest(clock, { action: 'pause' }, this.deps.now()) });
    }, SERVER);
    return { ok: true, command: stamped };
  }

  changeClock(who: Invitation, raw: unknown): ClockResult {
    if (!mayControlClock(who.role)) return { ok: false, status: 403, error: 'only the lead controls the clock' };
    const req = ClockRequest.safeParse(raw);
    if (!req.success) {
      const issues = describeIssues(req.error, 'clock');
      return { ok: false, status: 400, error: `invalid clock request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
    }
    const clock = readClock(this.doc);
    if (!clock) return { ok: false, status: 409, error: 'the session has no clock' };
    const next = applyClockRequest(clock, req.data, this.deps.now());
    this.doc.transact(() => writeMap(sessionParts(this.doc).clock, { ...next }), SERVER);
    return { ok: true, clock: next };
  }

  refreshScenarioHash(): void {
    const hash = this.deps.sha256(readScenarioText(this.doc));
    const meta = sessionParts(this.doc).meta;
    if (meta.get('scenarioHash') !== hash) this.doc.transact(() => meta.set('scenarioHash', hash), SERVER);
  }
}
