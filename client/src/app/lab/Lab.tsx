import { lazy, Suspense, useEffect, useMemo, useState, type JSX } from 'react';
import type { Role } from '@twinlab/shared/session/roles';
import { SessionClient, type WorkerLike } from '../session/session.ts';
import { Api } from '../api/api.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { createSceneFrame, type SceneFrame } from '../../scene/frame.ts';
import { ClockBar } from '../panels/ClockBar.tsx';
import { Charts } from '../panels/Charts.tsx';
import { Timeline } from '../panels/Timeline.tsx';
import { NodeList } from '../panels/NodeList.tsx';
import { NodeDetails } from '../panels/NodeDetails.tsx';
import { NodeCommands } from '../panels/NodeCommands.tsx';
import { FaultPanel } from '../panels/FaultPanel.tsx';
import { PresenceList } from '../panels/PresenceList.tsx';
import { Chat } from '../panels/Chat.tsx';
import { InvitePanel } from '../panels/InvitePanel.tsx';
import { DiagnosePanel } from '../../diagnose/DiagnosePanel.tsx';
import { Loading } from '../panels/Loading.tsx';
import { JoinNote, useJoinLoadingText } from './join-status.tsx';
import { useShortcuts, HelpOverlay } from './shortcuts.tsx';
import { RunbookPanel } from '../../runbook/RunbookPanel.tsx';
import { ReconPanel } from '../../recon/ReconPanel.tsx';
import { LabDrills } from '../../drill/LabDrills.tsx';
import type { LabView as ViewInUrl, Panel } from '../api/routes.ts';
import { replaceView } from '../nav.ts';

// three.js and the scene load in their own chunk, while the lab syncs and the engine prepares.
const SceneView = lazy(() => import('./SceneView.tsx'));

const api = new Api();

function createEngineWorker(): WorkerLike {
  return new Worker(new URL('../engine/engine.worker.ts', import.meta.url), { type: 'module', name: 'twinlab-engine' }) as unknown as WorkerLike;
}

export interface LabProps {
  sessionId: string;
  token: string;
  name: string;
  role: Role;
  region: string;
  /** What the address bar asked to show: a dialog, the replay's time, a selected node. */
  view: ViewInUrl;
}

/** The lab: clock, 3D twin, panels. One SessionClient per mounted lab. */
export function Lab(props: LabProps): JSX.Element {
  const [client, setClient] = useState<SessionClient | null>(null);
  useEffect(() => {
    const c = new SessionClient({
      origin: location.origin,
      sessionId: props.sessionId,
      token: props.token,
      name: props.name,
      role: props.role,
      region: props.region,
      createWorker: createEngineWorker,
      createFrame: (scenario) => createSceneFrame(scenario),
      fetchTime: async () => (await api.time()).serverMs,
    });
    setClient(c);
    (globalThis as { __twinlab?: SessionClient }).__twinlab = c; // read by the end-to-end tests
    return () => c.dispose();
  }, [props.sessionId, props.token, props.name, props.role, props.region]);
  return client ? <LabView client={client} token={props.token} initial={props.view} /> : <Loading text="" />;
}

function LabView({ client, token, initial }: { client: SessionClient; token: string; initial: ViewInUrl }): JSX.Element {
  const t = useT();
  const scenario = useStore(client.store, (s) => s.scenario);
  const selected = useStore(client.store, (s) => s.selectedNode);
  const [panel, setPanel] = useState<Panel | null>(initial.panel);
  const [replayAt, setReplayAt] = useState<number | null>(initial.at);
  // The node named in the link is selected once the scenario is there to find it in.
  const [pendingNode, setPendingNode] = useState(initial.node);
  useEffect(() => {
    if (!scenario || pendingNode === null) return;
    if (scenario.nodes.some((n) => n.id === pendingNode)) client.select(pendingNode);
    setPendingNode(null);
  }, [client, scenario, pendingNode]);
  // …and the address bar follows what this person looks at, so the link can be bookmarked or sent.
  useEffect(() => {
    if (pendingNode !== null) return;
    replaceView({ panel, at: panel === 'replay' ? replayAt : null, node: selected });
  }, [panel, replayAt, selected, pendingNode]);
  const engine = useStore(client.store, (s) => s.engine);
  const engineError = useStore(client.store, (s) => s.engineError);
  const status = useStore(client.store, (s) => s.status);
  const closed = useStore(client.store, (s) => s.closed);
  const denied = useStore(client.store, (s) => s.denied);
  const [help, setHelp] = useState(false);
  useShortcuts(
    client,
    () => setHelp((h) => !h),
    () => setHelp(false),
  );
  // The frame belongs to the scenario the engine runs; the worker's samples mutate it in place.
  const frameRef = useMemo(() => (scenario && client.frame ? { current: client.frame as SceneFrame } : null), [client, scenario]);

  const joinText = useJoinLoadingText(client);
  const joinSource = useStore(client.store, (s) => s.join?.source);
  const loadingText = engine === 'syncing' ? t('loading.syncing') : engine === 'parsing' ? t('loading.parsing') : engine === 'preparing' ? t('loading.preparing') : joinText;

  return (
    <main className="lab" data-status={status} data-engine={engine} data-join={joinSource}>
      <ClockBar client={client} />
      {closed && (
        <p className="error banner" role="alert" data-testid="closed">
          {t('status.closed', { code: closed.code, reason: closed.reason || '—' })}
        </p>
      )}
      {denied && !closed && (
        <p className="warn banner" data-testid="denied">
          {t('status.denied', { reason: denied })}
        </p>
      )}
      {engine === 'error' && <p className="error banner">{t('loading.error', { message: engineError ?? '' })}</p>}
      <JoinNote client={client} />
      <div className="lab-grid">
        <aside className="left" aria-label={t('lab.nodesArea')}>
          <NodeList client={client} />
          <NodeDetails client={client} />
          <NodeCommands client={client} />
        </aside>
        <section className="center">
          <div className="scene-box">
            {scenario && frameRef ? (
              <Suspense fallback={<Loading text={t('loading.preparing')} />}>
                <SceneView client={client} scenario={scenario} frame={frameRef} />
              </Suspense>
            ) : null}
            {loadingText && <Loading text={loadingText} />}
          </div>
          <Charts client={client} />
          <RunbookPanel client={client} />
          <ReconPanel client={client} />
        </section>
        <aside className="right" aria-label={t('lab.teamArea')}>
          <LabDrills client={client} token={token} panel={panel} onPanel={setPanel} replayAt={replayAt} onReplayAt={setReplayAt} />
          <PresenceList client={client} />
          {client.role === 'lead' && <InvitePanel client={client} token={token} />}
          {client.role === 'lead' && <FaultPanel client={client} />}
          {client.role !== 'observer' && <DiagnosePanel client={client} token={token} />}
          <Timeline client={client} />
          <Chat client={client} />
        </aside>
      </div>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </main>
  );
}
