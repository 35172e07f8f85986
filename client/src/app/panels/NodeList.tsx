import type { JSX } from 'react';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { HEALTH_NAMES } from '../engine/history.ts';

/** Every node with its health colour; click to select (the same selection as in the 3D view). */
export function NodeList({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const scenario = useStore(client.store, (s) => s.scenario);
  const selected = useStore(client.store, (s) => s.selectedNode);
  const peers = useStore(client.store, (s) => s.peers);
  useStore(client.store, (s) => s.metricsVersion);
  const frame = client.frame;
  return (
    <section className="panel">
      <h3>{t('panel.nodes')}</h3>
      <ul className="nodes" data-testid="node-list">
        {scenario?.nodes.map((n, i) => {
          const health = HEALTH_NAMES[frame?.nodeHealth[i] ?? 0] ?? 'up';
          const lookers = peers.filter((p) => !p.self && p.selectedNode === n.id);
          return (
            <li key={n.id}>
              <button className={`node ${n.id === selected ? 'selected' : ''}`} data-node={n.id} data-health={health} onClick={() => client.select(n.id === selected ? null : n.id)}>
                <span className={`dot health-${health}`} title={t(`health.${health}`)} />
                <span className="grow">{n.name ?? n.id}</span>
                {lookers.map((p) => (
                  <span key={p.clientId} className="peer-tag" style={{ background: p.color }} title={p.name}>
                    {p.name.slice(0, 1)}
                  </span>
                ))}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
