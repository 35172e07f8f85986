import { useMemo, useState, type JSX } from 'react';
import { LINK_FAULTS, type FaultKind, type FaultSpec } from '@twinlab/shared/scenario/faults';
import { linkId } from '@twinlab/shared/scenario/schema';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { describeFault, faultId } from './describe.ts';

const KINDS: FaultKind[] = ['crash', 'slow', 'disk_full', 'config_error', 'partition', 'latency_spike', 'loss'];

/** The lead's drill controls: inject a fault now, clear it, change the load. */
export function FaultPanel({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  const scenario = useStore(client.store, (s) => s.scenario);
  const commands = useStore(client.store, (s) => s.commands);
  const selected = useStore(client.store, (s) => s.selectedNode);
  const [kind, setKind] = useState<FaultKind>('crash');
  const [target, setTarget] = useState('');
  const [factor, setFactor] = useState('10');
  const [latency, setLatency] = useState('50');
  const [loss, setLoss] = useState('0.2');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [load, setLoad] = useState('2');
  const [error, setError] = useState<string | null>(null);

  const active = useMemo(() => {
    const cleared = new Set(commands.flatMap((c) => (c.command.type === 'clear_fault' ? [c.command.faultId] : [])));
    return commands.flatMap((c) => (c.command.type === 'inject_fault' && c.command.fault.id && !cleared.has(c.command.fault.id) ? [c.command.fault] : []));
  }, [commands]);

  if (!scenario) return null;
  const onLink = LINK_FAULTS.includes(kind);
  const targets = onLink ? scenario.links.map(linkId) : scenario.nodes.map((n) => n.id);
  const chosen = targets.includes(target) ? target : !onLink && selected && targets.includes(selected) ? selected : (targets[0] ?? '');

  const inject = async () => {
    const id = faultId(kind, chosen, commands.length);
    const base = { id, target: chosen };
    const fault: FaultSpec =
      kind === 'slow'
        ? { kind, ...base, factor: Math.max(1, Number(factor) || 1) }
        : kind === 'latency_spike'
          ? { kind, ...base, latency: Math.max(0, Math.round((Number(latency) || 0) * 1000)) }
          : kind === 'loss'
            ? { kind, ...base, loss: Math.min(1, Math.max(0, Number(loss) || 0)) }
            : kind === 'config_error'
              ? { kind, ...base, key: key.trim() || 'holidayCalendar', value }
              : { kind: kind as 'crash' | 'partition' | 'disk_full' | 'index_lost' | 'stale_feed', ...base }; // KINDS holds no runaway: it needs an account and a symbol
    const reply = await client.submit({ type: 'inject_fault', fault });
    setError(reply.ok ? null : reply.error);
  };

  return (
    <section className="panel" data-testid="fault-panel">
      <h3>{t('panel.faults')}</h3>
      {scenario.drill && <p className="warning small">{t('fault.drillNote')}</p>}
      <div className="row">
        <label>
          {t('fault.kind')}
          <select data-testid="fault-kind" value={kind} onChange={(e) => setKind(e.target.value as FaultKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fault.target')}
          <select data-testid="fault-target" value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {kind === 'slow' && <Field label={t('fault.factor')} value={factor} set={setFactor} />}
      {kind === 'latency_spike' && <Field label={t('fault.latency')} value={latency} set={setLatency} />}
      {kind === 'loss' && <Field label={t('fault.loss')} value={loss} set={setLoss} />}
      {kind === 'config_error' && (
        <>
          <Field label={t('fault.key')} value={key} set={setKey} />
          <Field label={t('fault.value')} value={value} set={setValue} />
        </>
      )}
      <button data-testid="fault-inject" className="danger" disabled={!chosen} onClick={() => void inject()}>
        {t('fault.inject')}
      </button>
      {error && <p className="error">{t('cmd.refused', { error })}</p>}
      {active.length > 0 && (
        <>
          <h4>{t('fault.active')}</h4>
          <ul className="plain">
            {active.map((f) => (
              <li key={f.id} className="row">
                <span className="grow">{describeFault(t, f)}</span>
                <button onClick={() => f.id && void client.submit({ type: 'clear_fault', faultId: f.id })}>{t('fault.clear')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row">
        <Field label={t('fault.load')} value={load} set={setLoad} />
        <button onClick={() => void client.submit({ type: 'set_load', multiplier: Math.min(1000, Math.max(0, Number(load) || 0)) })}>{t('fault.setLoad')}</button>
      </div>
    </section>
  );
}

function Field({ label, value, set }: { label: string; value: string; set: (v: string) => void }): JSX.Element {
  return (
    <label>
      {label}
      <input value={value} onChange={(e) => set(e.target.value)} />
    </label>
  );
}
