import { lazy, Suspense, type JSX } from 'react';
import './drill.css';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import { rememberToken } from '../app/lobby/saved.ts';
import type { Panel } from '../app/api/routes.ts';
import { DrillPanel } from './DrillPanel.tsx';

// Loaded when first opened: the lab itself never downloads CodeMirror or the replay.
const ScenarioEditor = lazy(() => import('../editor/ScenarioEditor.tsx').then((m) => ({ default: m.ScenarioEditor })));
const ReplayView = lazy(() => import('../replay/ReplayView.tsx').then((m) => ({ default: m.ReplayView })));

/** Open another session of the lab, as the lobby does. */
function openSession(id: string, token: string): void {
  rememberToken(id, token);
  history.pushState(null, '', `/session/${encodeURIComponent(id)}#token=${token}&enter=1`);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** What issue 4 adds to the lab: the guided drill panel, the scenario editor (read-only for all but leads), and the replay. */
export interface LabDrillsProps {
  client: SessionClient;
  token: string;
  /** The open dialog, kept in the address bar by the lab. */
  panel: Panel | null;
  onPanel: (p: Panel | null) => void;
  replayAt: number | null;
  onReplayAt: (t: number) => void;
}

export function LabDrills({ client, token, panel, onPanel, replayAt, onReplayAt }: LabDrillsProps): JSX.Element | null {
  const t = useT();
  const meta = useStore(client.store, (s) => s.meta);
  const setOpen = onPanel;
  const open = panel;
  if (!meta) return null;
  return (
    <>
      <DrillPanel client={client} token={token} sessionId={meta.id} showResult={panel === 'result'} onResultShown={(shown) => onPanel(shown ? 'result' : null)} />
      <section className="panel buttons" data-testid="lab-drill-tools">
        {/* Everyone may read the scenario as the lead edits it; only the lead's editor writes. */}
        <button data-testid="open-editor" onClick={() => setOpen('editor')}>
          {t(client.role === 'lead' ? 'drill.editScenario' : 'drill.viewScenario')}
        </button>
        <button data-testid="open-replay" onClick={() => setOpen('replay')}>
          {t('replay.open')}
        </button>
      </section>
      <Suspense fallback={null}>
        {open === 'editor' && <ScenarioEditor client={client} token={token} sessionId={meta.id} onClose={() => setOpen(null)} onRun={openSession} />}
        {open === 'replay' && <ReplayView sessionId={meta.id} token={token} onClose={() => setOpen(null)} initialAt={replayAt} onSeek={onReplayAt} />}
      </Suspense>
    </>
  );
}
