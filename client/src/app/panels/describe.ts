import type { FaultSpec } from '@twinlab/shared/scenario/faults';
import type { Command } from '@twinlab/shared/scenario/command';
import type { MessageKey } from '../i18n/i18n.ts';
import { A_SHARE_SESSIONS } from '@twinlab/shared/calendar/ashare';
import { OFF_SESSION_PHASES } from '@twinlab/shared/calendar/calendar';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export function describeFault(t: T, f: FaultSpec): string {
  return `${t(`kind.${f.kind}`)} ${f.target}`;
}

/** One line per command, in the users' words, for the timeline and notices. */
export function describeCommand(t: T, c: Command): string {
  switch (c.type) {
    case 'inject_fault':
      return `${t('cmd.inject_fault')}: ${describeFault(t, c.fault)}`;
    case 'clear_fault':
      return `${t('cmd.clear_fault')}: ${c.faultId}`;
    case 'set_load':
      return `${t('cmd.set_load')} ×${c.multiplier}`;
    case 'failover':
      return `${t('cmd.failover')} ${c.node} → ${c.to}`;
    case 'throttle':
      return `${t('cmd.throttle')} ${c.node} ${c.ordersPerSecond} ${t('cmd.rate')}`;
    case 'set_config':
      return `${t('cmd.set_config')} ${c.node}: ${c.key} = ${String(c.value)}`;
    case 'restart_node':
    case 'failback':
    case 'drain_node':
    case 'resume_node':
      return `${t(`cmd.${c.type}`)} ${c.node}`;
    case 'claim_role':
      return `${t('cmd.claim_role')} ${c.role}`;
    case 'step_start':
    case 'step_signoff':
      return `${t(`cmd.${c.type}`)} ${c.step}`;
    case 'step_done':
      return `${t('cmd.step_done')} ${c.step}${c.note ? `: ${c.note}` : ''}`;
    case 'gate_decision':
      return `${t('cmd.gate_decision')} ${c.gate}: ${t(c.decision === 'go' ? 'runbook.go' : 'runbook.noGo')}, ${c.reason}`;
    case 'start_rollback':
    case 'emergency_stop':
      return `${t(`cmd.${c.type}`)}: ${c.reason}`;
    case 'switch_primary':
      return `${t('cmd.switch_primary')} ${t(c.to === 'new' ? 'cmd.primary_new' : 'cmd.primary_legacy')}`;
    case 'reconcile':
    case 'rerun_shadow':
    case 'migrate_data':
    case 'validate_migration':
    case 'clean_migration':
      return t(`cmd.${c.type}`);
    case 'resync_reports':
      return `${t('cmd.resync_reports')} ${c.node}`;
    case 'request_resend':
      return `${t('cmd.request_resend')} ${c.file}`;
    case 'backlog':
      return `${t('cmd.backlog')} ${c.node}: ${t(c.action === 'send' ? 'cmd.backlog_send' : 'cmd.backlog_cancel')}`;
    case 'mark_invalid':
      return `${t('cmd.mark_invalid')} ${c.node}`;
    case 'mass_cancel':
    case 'kill_switch': {
      const scope = c.scope === 'firm' ? t('cmd.scope_firm') : c.scope === 'account' ? `${t('cmd.scope_account')} ${c.account ?? ''}` : `${t('cmd.scope_pbu')} ${c.pbu ?? ''}`;
      return `${t(`cmd.${c.type}`)} ${scope}${c.type === 'kill_switch' && !c.on ? ` (${t('cmd.kill_off')})` : ''}`;
    }
    case 'calendar_set':
      return `${t('cmd.calendar_set')} ${c.node}: ${c.date} ${t(c.trading ? 'cmd.calendar_trading' : 'cmd.calendar_closed')}`;
    case 'classify_break':
      return `${t('cmd.classify_break')} ${c.account !== undefined ? `${t('cmd.scope_account')} ${c.account} ` : ''}${c.field ? `${t(`breakField.${c.field}`)} ` : ''}→ ${t(`break.${c.as}`)}`;
    case 'rerun_clearing':
      return `${t('cmd.rerun_clearing')} ${t(c.from === 'checkpoint' ? 'cmd.from_checkpoint' : 'cmd.from_start')}`;
    default:
      return unknownCommand(c);
  }
}

/** Every command has its words above: a new command type fails to compile here until it does. */
function unknownCommand(c: never): string {
  return String((c as { type?: unknown }).type);
}

/** A fault id the schema accepts (lower-case letters, digits, - _ .), unique enough within one session. */
export function faultId(kind: string, target: string, n: number): string {
  return `${kind}-${target}-${n}`
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '-')
    .replace(/^[^a-z0-9]+/, 'f')
    .slice(0, 120);
}

/** The phases the zh/en tables name: the A-share day's and the gaps the calendar reports between them. */
const PHASES = new Set<string>([...A_SHARE_SESSIONS.map((s) => s.phase), ...OFF_SESSION_PHASES]);

/** A trading phase in the reader's language; a phase a scenario defines itself keeps its own name. */
export function phaseName(t: T, phase: string): string {
  return PHASES.has(phase) ? t(`phase.${phase}` as MessageKey) : phase;
}
