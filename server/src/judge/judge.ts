import type * as Y from 'yjs';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import type { Invitation } from '../auth/tokens.ts';
import { CommandJudge } from './commands.ts';
import type { ClockResult, CommandResult, SessionDeps } from './commands.ts';
import { WriteJudge } from './writes.ts';
import type { Verdict, Writer } from './writes.ts';

/**
 * The server is the judge of a session: every change a participant asks for passes here before
 * it reaches the document. Direct writes (chat, runbook entries, the lead's scenario edits) are
 * judged on a shadow copy (writes.ts); commands and clock requests are judged and stamped by the
 * server itself (commands.ts). The room only orders, stores and spreads what this decides.
 */
export class Judge {
  private readonly writes: WriteJudge;
  private readonly commands: CommandJudge;

  constructor(doc: Y.Doc, deps: SessionDeps) {
    this.commands = new CommandJudge(doc, deps);
    this.writes = new WriteJudge(doc, () => this.commands.runbookView());
  }

  /** A participant's direct update: may it be applied? */
  write(update: Uint8Array, writer: Writer): Verdict {
    return this.writes.judge(update, writer);
  }

  /** Keep the shadow in step with a change the server made (its own writes, or another instance's). */
  follow(update: Uint8Array): void {
    this.writes.follow(update);
  }

  command(who: Invitation, raw: unknown, idempotencyKey?: string): CommandResult {
    return this.commands.stampCommand(who, raw, idempotencyKey);
  }

  clock(who: Invitation, raw: unknown): ClockResult {
    return this.commands.changeClock(who, raw);
  }

  /** The command log, parsed once per entry. */
  log(): readonly StampedCommand[] {
    return this.commands.commands();
  }

  /** The session's scenario, parsed (cached by its hash); undefined when it does not parse. */
  scenario(): Scenario | undefined {
    return this.commands.scenario();
  }

  refreshScenarioHash(): void {
    this.commands.refreshScenarioHash();
  }

  /** Times a refused write made the shadow be rebuilt from the whole document. */
  get rebuilds(): number {
    return this.writes.rebuilds;
  }

  destroy(): void {
    this.writes.destroy();
  }
}

export type { ClockResult, CommandResult, Refusal, SessionDeps } from './commands.ts';
export type { Verdict, Writer } from './writes.ts';
export { MAX_SCENARIO_CHARS } from './writes.ts';
