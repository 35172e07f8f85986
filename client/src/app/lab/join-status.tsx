import type { JSX } from 'react';
import { formatClock } from '@twinlab/shared/scenario/units';
import { simTimeAt } from '@twinlab/shared/session/clock';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';

const mb = (n: number) => (n / (1 << 20)).toFixed(1);
const hms = (us: number) => formatClock(us).slice(0, 8);

/** The loading line of a late join: downloading the server's snapshot, checking it, catching up to the clock. */
export function useJoinLoadingText(client: SessionClient): string | null {
  const t = useT();
  const engine = useStore(client.store, (s) => s.engine);
  const bytes = useStore(client.store, (s) => s.joinBytes);
  const simNow = useStore(client.store, (s) => s.simNow);
  const clock = useStore(client.store, (s) => s.clock);
  if (engine === 'loading-snapshot') {
    const got = bytes ? (bytes.total ? `${mb(bytes.received)} / ${mb(bytes.total)} MB` : `${mb(bytes.received)} MB`) : '…';
    return t('loading.snapshot', { bytes: got });
  }
  if (engine === 'verifying') return t('loading.verifying');
  if (engine === 'catching-up') return t('loading.catchingUp', { now: simNow === null ? '—' : hms(simNow), to: clock ? hms(simTimeAt(clock, Date.now() + client.serverClock.offsetMs)) : '—' });
  return null;
}

/** After joining: where the engine started, and why it replayed when the server's snapshot was refused. */
export function JoinNote({ client }: { client: SessionClient }): JSX.Element | null {
  const t = useT();
  const join = useStore(client.store, (s) => s.join);
  if (!join?.refused) return null;
  return (
    <p className="warn banner" role="status" data-testid="join-refused">
      {t('join.refused', { reason: join.reason ?? '' })}
    </p>
  );
}
