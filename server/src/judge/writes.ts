import * as Y from 'yjs';
import { ChatNote, RunbookStepId, RunbookStepState, isPart, sessionParts } from '@twinlab/shared/session/layout';
import { mayDelete, mayWritePart } from '@twinlab/shared/session/roles';
import type { Part, Role } from '@twinlab/shared/session/roles';
import { changesNothing } from './noop.ts';

export interface Writer {
  role: Role;
  name: string;
}

export type Verdict = { ok: true; parts: Part[] } | { ok: false; reason: string };

/** Largest scenario text a lead may write into a session (and the largest a client may have validated). */
export const MAX_SCENARIO_CHARS = 512 * 1024;

/** What a direct runbook entry is checked against: the scenario's steps and the log's view of them. */
export interface RunbookView {
  scenarioId: string;
  kindOf(step: string): 'step' | 'gate' | undefined;
  /** The step's status as the command log has it (steps move by commands). */
  statusOf(step: string): string;
  rolledBack: boolean;
}

/** Which statuses of the log a direct entry's status may restate. */
const RESTATES: Record<RunbookStepState['status'], readonly string[]> = {
  pending: ['pending'],
  in_progress: ['running', 'awaiting_signoff'],
  done: ['done'],
  failed: ['failed'],
  skipped: ['skipped'],
  rolled_back: [],
};

/**
 * Judges a participant's direct write before it reaches the session document. It keeps a shadow
 * copy of the document: an update is applied there first, and the root parts it changed, and the
 * values it wrote, are checked against the writer's role. Only an update that passes is applied
 * to the real document and spread to others.
 *
 * An observer writes nothing, so an observer's update is refused before it touches the shadow
 * unless it changes nothing at all (the answer to the server's sync request). A refused update
 * of an engineer or lead has been applied to the shadow, which is then rebuilt from the real
 * document: that costs a copy of the document, so the room closes a socket after a few refusals.
 */
export class WriteJudge {
  private shadow!: Y.Doc;
  private findings: { parts: Set<string>; problems: string[]; writer: Writer | null } = { parts: new Set(), problems: [], writer: null };
  /** Times the shadow was rebuilt after a refusal (exported as a metric). */
  rebuilds = 0;

  constructor(
    private readonly real: Y.Doc,
    private readonly runbook: () => RunbookView | undefined,
  ) {
    this.build();
  }

  private build(): void {
    this.shadow?.destroy();
    const shadow = new Y.Doc({ gc: true });
    const parts = sessionParts(shadow);
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.real));
    shadow.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) this.findings.parts.add(rootName(shadow, type));
    });
    parts.chat.observe((event) => this.checkChat(event));
    parts.runbook.observe((event) => this.checkRunbook(event));
    parts.scenario.observe(() => {
      if (parts.scenario.length > MAX_SCENARIO_CHARS) this.findings.problems.push(`the scenario text exceeds ${MAX_SCENARIO_CHARS} characters`);
    });
    this.shadow = shadow;
  }

  /** Keep the shadow in step with a change the server itself made to the real document. */
  follow(update: Uint8Array): void {
    this.findings = { parts: new Set(), problems: [], writer: null };
    Y.applyUpdate(this.shadow, update);
  }

  /** Judge a participant's update. On ok the caller applies it to the real document; a refusal leaves the shadow as the real one. */
  judge(update: Uint8Array, writer: Writer): Verdict {
    if (writer.role === 'observer') {
      let nothing: boolean;
      try {
        nothing = changesNothing(this.real, update);
      } catch (e) {
        return { ok: false, reason: `the update could not be decoded (${e instanceof Error ? e.message : String(e)})` };
      }
      return nothing ? { ok: true, parts: [] } : { ok: false, reason: 'observers cannot change the session' };
    }
    const verdict = this.tryOnShadow(update, writer);
    if (!verdict.ok) {
      this.rebuilds++;
      this.build();
    }
    return verdict;
  }

  private tryOnShadow(update: Uint8Array, writer: Writer): Verdict {
    this.findings = { parts: new Set(), problems: [], writer };
    try {
      Y.applyUpdate(this.shadow, update);
    } catch (e) {
      return { ok: false, reason: `the update could not be decoded (${e instanceof Error ? e.message : String(e)})` };
    } finally {
      this.findings.writer = null;
    }
    const store = this.shadow.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      return { ok: false, reason: 'the update depends on changes the server never accepted: reload the session' };
    }
    const parts: Part[] = [];
    for (const name of this.findings.parts) {
      if (!isPart(name)) return { ok: false, reason: `"${name}" is not part of a session document` };
      if (!mayWritePart(writer.role, name)) return { ok: false, reason: refusal(writer.role, name) };
      parts.push(name);
    }
    if (this.findings.problems.length > 0) return { ok: false, reason: this.findings.problems.join('; ') };
    return { ok: true, parts };
  }

  destroy(): void {
    this.shadow.destroy();
  }

  private checkChat(event: Y.YArrayEvent<unknown>): void {
    const writer = this.findings.writer;
    if (!writer) return;
    if (event.changes.deleted.size > 0 && !mayDelete(writer.role, 'chat')) this.findings.problems.push('notes cannot be deleted, only added');
    for (const item of event.changes.added) {
      for (const value of item.content.getContent()) {
        const note = ChatNote.safeParse(value);
        if (!note.success) this.findings.problems.push(`chat: a note is {author, text, atSim?}: ${note.error.issues[0]?.message ?? 'invalid'}`);
        else if (note.data.author !== writer.name) this.findings.problems.push(`chat: a note's author must be you (${writer.name}), not "${note.data.author}"`);
      }
    }
  }

  private checkRunbook(event: Y.YMapEvent<unknown>): void {
    const writer = this.findings.writer;
    if (!writer) return;
    const map = event.target as Y.Map<unknown>;
    for (const key of event.keysChanged) {
      if (!RunbookStepId.safeParse(key).success) {
        this.findings.problems.push(`runbook: "${key.slice(0, 80)}" is not a step id`);
        continue;
      }
      if (!map.has(key)) {
        if (!mayDelete(writer.role, 'runbook')) this.findings.problems.push(`runbook.${key}: only the lead resets a step`);
        continue;
      }
      const state = RunbookStepState.safeParse(map.get(key));
      if (!state.success) this.findings.problems.push(`runbook.${key}: ${state.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
      else if (state.data.by !== writer.name) this.findings.problems.push(`runbook.${key}: a step's "by" must be you (${writer.name}), not "${state.data.by}"`);
      else {
        const problem = entryProblem(this.runbook(), key, state.data.status);
        if (problem) this.findings.problems.push(`runbook.${key}: ${problem}`);
      }
    }
  }
}

/** Why a direct entry may not say `status` of `step`: it must name a step and restate what the log has. */
function entryProblem(view: RunbookView | undefined, step: string, status: RunbookStepState['status']): string | undefined {
  if (!view) return 'the session scenario does not load or has no runbook: there are no steps to record';
  const kind = view.kindOf(step);
  if (kind === undefined) return `no step "${step}" in the runbook of ${view.scenarioId}`;
  if (kind === 'gate') return `${step} is a gate: the lead decides it with a gate_decision command`;
  const logged = view.statusOf(step);
  const ok = status === 'rolled_back' ? view.rolledBack : RESTATES[status].includes(logged);
  return ok ? undefined : `the log has ${step} ${logged}, not ${status}: steps move by step_start, step_done and step_signoff commands`;
}

function refusal(role: Role, part: Part): string {
  if (role === 'observer') return 'observers cannot change the session';
  if (part === 'commands') return 'the command log is written by the server: submit commands instead';
  if (part === 'clock') return 'the clock is moved by the server: the lead sends a clock request';
  if (part === 'meta') return 'the session settings are written by the server';
  return `a ${role} cannot change the ${part}`;
}

/** Name of the root type that contains `type` (the document's share key). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its roots as AbstractType<any>
function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string {
  let t = type;
  while (t._item !== null && t._item.parent instanceof Y.AbstractType) t = t._item.parent;
  for (const [name, root] of doc.share) if (root === t) return name;
  return '(unknown)';
}
