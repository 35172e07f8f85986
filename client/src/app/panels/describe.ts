import type { Command, FaultSpec } from '@twinlab/shared/scenario/faults';
import type { MessageKey } from '../i18n/i18n.ts';

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
    default: {
      // Commands other features add (runbook steps, gates…): their type and fields as they are.
      const { type, ...rest } = c as { type: string } & Record<string, unknown>;
      return `${type} ${Object.values(rest).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' ')}`.trim();
    }
  }
}

/** A fault id the schema accepts (lower-case letters, digits, - _ .), unique enough within one session. */
export function faultId(kind: string, target: string, n: number): string {
  return `${kind}-${target}-${n}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, 'f').slice(0, 120);
}
