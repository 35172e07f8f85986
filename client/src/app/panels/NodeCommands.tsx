import { useState, type JSX } from 'react';
import { formatClock } from '@twinlab/shared/scenario/units';
import { maySubmit } from '@twinlab/shared/session/roles';
import type { Command } from '@twinlab/shared/scenario/command';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { describeCommand } from './describe.ts';
import { failoverTargets } from './failover.ts';

/** Operator commands on the selected node; the server stamps them and everyone's run applies them then. */
export function NodeCommands({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  const scenario = useStore(client.store, (s) => s.scenario);
  const node = useStore(client.store, (s) => s.selectedNode);
  const [to, setTo] = useState<{ node: string; to: string } | null>(null); // a choice belongs to the node it was made for
  const [rate, setRate] = useState('1000');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  if (!scenario || !maySubmit(client.role, 'restart_node')) return null;
  if (!node) {
    return (
      <section className="panel">
        <h3>{t('panel.commands')}</h3>
        <p className="muted">{t('cmd.pickNode')}</p>
      </section>
    );
  }
  const send = async (command: Command) => {
    const reply = await client.submit(command);
    const stamped = reply.ok ? (reply.command as { at?: number } | undefined) : undefined;
    setResult(
      reply.ok
        ? { ok: true, text: t('cmd.stamped', { what: describeCommand(t, command), time: stamped?.at !== undefined ? formatClock(stamped.at) : '' }) }
        : { ok: false, text: t('cmd.refused', { error: reply.error }) },
    );
  };
  const targets = failoverTargets(scenario.nodes, node);
  const target = (to?.node === node ? to.to : '') || targets.suggested || '';
  const parsedValue = (): string | number | boolean => (value === 'true' ? true : value === 'false' ? false : value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);
  return (
    <section className="panel" data-testid="node-commands">
      <h3>
        {t('panel.commands')}: {node}
      </h3>
      <div className="buttons">
        <button onClick={() => void send({ type: 'restart_node', node })}>{t('cmd.restart_node')}</button>
        <button onClick={() => void send({ type: 'drain_node', node })}>{t('cmd.drain_node')}</button>
        <button onClick={() => void send({ type: 'resume_node', node })}>{t('cmd.resume_node')}</button>
        <button onClick={() => void send({ type: 'failback', node })}>{t('cmd.failback')}</button>
      </div>
      <div className="row">
        <button disabled={!target} onClick={() => target && void send({ type: 'failover', node, to: target })}>
          {t('cmd.failover')}
        </button>
        <span>{t('cmd.to')}</span>
        <select value={target} onChange={(e) => setTo({ node, to: e.target.value })} data-testid="failover-target" aria-label={t('cmd.failoverTarget')}>
          {!targets.suggested && <option value="">{t('cmd.pickTarget')}</option>}
          {targets.likely.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
          {targets.other.length > 0 && (
            <optgroup label={t('cmd.otherNodes')}>
              {targets.other.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="row">
        <button onClick={() => void send({ type: 'throttle', node, ordersPerSecond: Math.max(0, Math.floor(Number(rate) || 0)) })}>{t('cmd.throttle')}</button>
        <input type="number" min={0} value={rate} onChange={(e) => setRate(e.target.value)} aria-label={t('cmd.rate')} />
        <span>{t('cmd.rate')}</span>
      </div>
      <div className="row">
        <button disabled={!key.trim()} onClick={() => void send({ type: 'set_config', node, key: key.trim(), value: parsedValue() })}>
          {t('cmd.set_config')}
        </button>
        <input placeholder={t('cmd.key')} aria-label={t('cmd.key')} value={key} onChange={(e) => setKey(e.target.value)} />
        <input placeholder={t('cmd.value')} aria-label={t('cmd.value')} value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      {result && <p className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
    </section>
  );
}
