import { Command } from '../scenario/command.ts';
import type { StampedCommand } from '../scenario/command.ts';
import { LINK_FAULTS } from '../scenario/faults.ts';
import type { Scenario } from '../scenario/schema.ts';
import { linkId } from '../scenario/schema.ts';
import type { Issue } from './protocol.ts';
import { describeIssues } from './issues.ts';
import { cutoverIssues } from '../runbook/judge.ts';

export type CommandCheck = { ok: true; command: Command } | { ok: false; error: string; issues: Issue[] };

/**
 * Validate a submitted command: its shape (zod), then that every node, link and fault it names
 * exists in the session's scenario, so a typo is refused with a reason instead of entering the log.
 */
export function checkCommand(raw: unknown, scenario: Scenario | undefined, earlier: readonly StampedCommand[]): CommandCheck {
  const parsed = Command.safeParse(raw);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, 'command');
    return { ok: false, error: `invalid command: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
  }
  const command = parsed.data;
  if (scenario === undefined) return { ok: true, command };
  const issues = referenceIssues(command, scenario, earlier);
  if (issues.length > 0) return { ok: false, error: `invalid command: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
  return { ok: true, command };
}

function referenceIssues(command: Command, scenario: Scenario, earlier: readonly StampedCommand[]): Issue[] {
  const nodes = new Set(scenario.nodes.map((n) => n.id));
  const links = new Set(scenario.links.map(linkId));
  const issues: Issue[] = [];
  const node = (path: string, id: string) => {
    if (!nodes.has(id)) issues.push({ path, message: `unknown node "${id}" in scenario ${scenario.id}` });
  };
  switch (command.type) {
    case 'failover':
      node('command.node', command.node);
      node('command.to', command.to);
      break;
    case 'inject_fault': {
      const f = command.fault;
      if (LINK_FAULTS.includes(f.kind)) {
        if (!links.has(f.target)) issues.push({ path: 'command.fault.target', message: `unknown link "${f.target}" in scenario ${scenario.id}` });
      } else node('command.fault.target', f.target);
      break;
    }
    case 'clear_fault': {
      const known = new Set<string>();
      scenario.faults.forEach((f) => f.id !== undefined && known.add(f.id));
      earlier.forEach((c) => c.command.type === 'inject_fault' && c.command.fault.id !== undefined && known.add(c.command.fault.id));
      if (!known.has(command.faultId)) issues.push({ path: 'command.faultId', message: `no fault "${command.faultId}" was scheduled or injected` });
      break;
    }
    case 'set_load':
      break;
    default:
      if ('node' in command) {
        if (command.node !== undefined) node('command.node', command.node);
      } else issues.push(...cutoverIssues(command, scenario));
  }
  return issues;
}
