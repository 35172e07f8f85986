import { useState, type JSX } from 'react';
import './drill.css';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import { rememberToken } from '../app/lobby/saved.ts';
import { ScenarioEditor } from '../editor/ScenarioEditor.tsx';
import { ReplayView } from '../replay/ReplayView.tsx';
import { DrillPanel } from './DrillPanel.tsx';

/** Open another session of the lab, as the lobby does. */
function openSession(id: string, token: string): void {
  rememberToken(id, token);
  history.pushState(null, '', `/session/${encodeURIComponent(id)}#token=${token}&enter=1`);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** What issue 4 adds to the lab: the guided drill panel, the scenario editor (read-only for all but leads), and the replay. */
export function LabDrills({ client, token }: { client: SessionClient; token: string }): JSX.Element | null {
  const t = useT();
  const meta = useStore(client.store, (s) => s.meta);
  const [open, setOpen] = useState<'editor' | 'replay' | null>(null);
  if (!meta) return null;
  return (
    <>
      <DrillPanel client={client} token={token} sessionId={meta.id} />
      <section className="panel buttons" data-testid="lab-drill-tools">
        {/* Everyone may read the scenario as the lead edits it; only the lead's editor writes. */}
        <button data-testid="open-editor" onClick={() => setOpen('editor')}>
          {t(client.role === 'lead' ? 'drill.editScenario' : 'drill.viewScenario')}
        </button>
        <button data-testid="open-replay" onClick={() => setOpen('replay')}>
          {t('replay.open')}
        </button>
      </section>
      {open === 'editor' && <ScenarioEditor client={client} token={token} sessionId={meta.id} onClose={() => setOpen(null)} onRun={openSession} />}
      {open === 'replay' && <ReplayView sessionId={meta.id} token={token} onClose={() => setOpen(null)} />}
    </>
  );
}
