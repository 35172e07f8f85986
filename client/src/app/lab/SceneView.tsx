import { useMemo, type JSX } from 'react';
import type { Scenario } from '@twinlab/shared/scenario/schema';
import { TwinScene, type SceneFrame, type ScenePeer } from '../../scene/index.ts';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { NODE_KINDS } from '@twinlab/shared/scenario/topology';

/** The 3D twin with this session's selection and the others' (lazy-loaded: it carries three.js). */
export default function SceneView({ client, scenario, frame }: { client: SessionClient; scenario: Scenario; frame: { current: SceneFrame } }): JSX.Element {
  const selected = useStore(client.store, (s) => s.selectedNode);
  const peers = useStore(client.store, (s) => s.peers);
  const scenePeers = useMemo<ScenePeer[]>(
    () => peers.filter((p) => !p.self).map((p) => ({ id: String(p.clientId), name: p.name, color: p.color, region: p.region, selectedNode: p.selectedNode })),
    [peers],
  );
  const t = useT();
  const words = useMemo(
    () => ({
      labels: { legacy: t('scene.legacy'), new: t('scene.new'), replicas: t('scene.replicas') },
      legend: {
        title: t('scene.legend'),
        health: { up: t('health.up'), degraded: t('health.degraded'), down: t('health.down'), partitioned: t('health.partitioned'), drained: t('health.drained') },
        kinds: Object.fromEntries(NODE_KINDS.map((k) => [k, t(`nodeKind.${k}`)])),
        legacy: t('scene.legacy'),
        new: t('scene.new'),
        versions: t('scene.versions'),
        queue: t('scene.queue'),
        flow: t('scene.flow'),
      },
    }),
    [t],
  );
  return <TwinScene scenario={scenario} frame={frame} selectedNode={selected} onSelectNode={(id) => client.select(id)} peers={scenePeers} words={words} />;
}
