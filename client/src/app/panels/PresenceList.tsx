import type { JSX } from 'react';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';

/** Who is in the session, from where, and what each one is looking at. */
export function PresenceList({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const peers = useStore(client.store, (s) => s.peers);
  return (
    <section className="panel">
      <h3>{t('panel.presence')}</h3>
      <ul className="plain" data-testid="presence">
        {peers.map((p) => (
          <li key={p.clientId} className="presence" data-name={p.name} data-region={p.region} data-selected={p.selectedNode ?? ''}>
            <span className="dot" style={{ background: p.color }} />
            <strong>{p.name}</strong>
            {p.self && <span className="muted"> ({t('presence.you')})</span>}
            {p.role && <span className="tag">{t(`role.${p.role}`)}</span>}
            {p.region && <span className="muted"> · {p.region}</span>}
            <div className="muted small">{p.selectedNode ? t('presence.looking', { node: p.selectedNode }) : t('presence.nothing')}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
