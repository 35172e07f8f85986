import type { JSX } from 'react';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useLang, useT } from '../i18n/use-i18n.ts';
import { HEALTH_NAMES } from '../engine/history.ts';
import { formatNumber } from '../i18n/format.ts';

const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;

/** The selected node: live metrics and its configuration from the scenario. */
export function NodeDetails({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  const [lang] = useLang();
  const scenario = useStore(client.store, (s) => s.scenario);
  const selected = useStore(client.store, (s) => s.selectedNode);
  useStore(client.store, (s) => s.metricsVersion);
  if (!scenario || !selected) return null;
  const i = scenario.nodes.findIndex((n) => n.id === selected);
  const node = scenario.nodes[i];
  if (!node) return null;
  const m = client.history?.last?.nodes[i];
  const health = HEALTH_NAMES[client.frame?.nodeHealth[i] ?? 0] ?? 'up';
  const rows: [string, string][] = [
    [t('node.kind'), t(`nodeKind.${node.kind}`)],
    [t('node.region'), node.region],
    [t('node.state'), t(`health.${health}`)],
    [t('node.processed'), formatNumber(lang, m?.processed ?? 0)],
    [t('node.rejected'), formatNumber(lang, m?.rejected ?? 0)],
    [t('node.lost'), formatNumber(lang, m?.lost ?? 0)],
    [t('node.queue'), String(m?.queue ?? 0)],
    [t('node.p50'), ms(m?.p50 ?? 0)],
    [t('node.p99'), ms(m?.p99 ?? 0)],
    [t('node.capacity'), `${node.servers} × ${node.replicas}`],
    [t('node.version'), node.version],
  ];
  if (node.standbyFor) rows.push([t('node.standbyFor'), node.standbyFor]);
  const config = Object.entries(node.config);
  return (
    <section className="panel" data-testid="node-details" data-node={node.id} data-health={health}>
      <h3>
        {t('panel.node')}: {node.name ?? node.id}
      </h3>
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {config.length > 0 && (
        <>
          <h4>{t('node.config')}</h4>
          <dl className="kv">
            {config.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
