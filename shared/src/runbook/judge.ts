import type { Command, StampedCommand } from '../scenario/command.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Issue } from '../session/protocol.ts';
import { applyRunbookInput, initialRunbook, isRunbookInput, type RunbookState } from './machine.ts';

/**
 * What the server checks of a cutover input before it enters the log: that what it names exists
 * in the scenario (here), and that it can apply to the runbook as the log has it so far
 * (runbookRefusal). Checks over simulated state (preconditions, verifications) are the engine's,
 * evaluated at the input's stamp, so every participant gets the same verdict.
 */
export function cutoverIssues(command: Command, scenario: Scenario): Issue[] {
  const issues: Issue[] = [];
  const steps = scenario.runbook?.steps ?? [];
  const need = (ok: boolean, path: string, message: string) => ok || issues.push({ path, message });
  switch (command.type) {
    case 'claim_role':
    case 'start_rollback':
      need(scenario.runbook !== undefined, 'command.type', `scenario ${scenario.id} has no runbook`);
      break;
    case 'step_start':
    case 'step_done':
    case 'step_signoff':
      need(
        steps.some((s) => s.id === command.step && s.kind === 'step'),
        'command.step',
        `no step "${command.step}" in the runbook of ${scenario.id}`,
      );
      break;
    case 'gate_decision':
      need(
        steps.some((s) => s.id === command.gate && s.kind === 'gate'),
        'command.gate',
        `no gate "${command.gate}" in the runbook of ${scenario.id}`,
      );
      break;
    case 'switch_primary':
      need(scenario.cutover !== undefined, 'command.type', `scenario ${scenario.id} has no cutover section (legacy and new)`);
      break;
    case 'reconcile':
    case 'classify_break':
      need(scenario.dualRun !== undefined, 'command.type', `scenario ${scenario.id} has no dual-run`);
      break;
    case 'migrate_data':
    case 'validate_migration':
    case 'clean_migration':
      need(scenario.migration !== undefined, 'command.type', `scenario ${scenario.id} has no migration`);
      break;
    case 'request_resend':
      need(
        scenario.files.some((f) => f.id === command.file),
        'command.file',
        `no file "${command.file}" in scenario ${scenario.id}`,
      );
      break;
    default:
      break;
  }
  return issues;
}

/** The runbook as the log has it, checks assumed to pass (the server has no simulation). */
export function runbookFromLog(scenario: Scenario, log: readonly StampedCommand[]): RunbookState | undefined {
  const rb = scenario.runbook;
  if (!rb) return undefined;
  const st = initialRunbook(rb);
  for (const c of log) if (isRunbookInput(c.command)) applyRunbookInput(rb, st, c.command, c.actor, c.at, undefined);
  return st;
}

/** Why this runbook input cannot apply now, or undefined when it can. */
export function runbookRefusal(scenario: Scenario, log: readonly StampedCommand[], command: Command, actor: string, at: number): string | undefined {
  const rb = scenario.runbook;
  if (!rb || !isRunbookInput(command)) return undefined;
  const st = runbookFromLog(scenario, log)!;
  const r = applyRunbookInput(rb, st, command, actor, at, undefined);
  return r.ok ? undefined : r.error;
}
