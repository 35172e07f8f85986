import { useMemo, type JSX } from 'react';
import { formatClock } from '@twinlab/shared/scenario/units';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';
import { describeCommand, describeFault } from './describe.ts';
import { timelineOf } from './timeline.ts';

/** What happened when, and who did it: scheduled faults, commands from the log, notes. */
export function Timeline({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const scenario = useStore(client.store, (s) => s.scenario);
  const commands = useStore(client.store, (s) => s.commands);
  const chat = useStore(client.store, (s) => s.chat);
  const simNow = useStore(client.store, (s) => s.simNow) ?? 0;
  const entries = useMemo(() => timelineOf(scenario, commands, chat), [scenario, commands, chat]);
  return (
    <section className="panel">
      <h3>{t('panel.timeline')}</h3>
      {entries.length === 0 && <p className="muted">{t('timeline.empty')}</p>}
      <ol className="timeline" data-testid="timeline">
        {entries.map((e) => (
          <li key={e.key} className={e.at > simNow ? 'future' : ''} data-kind={e.kind}>
            <time>{formatClock(e.at).slice(0, 8)}</time>{' '}
            {e.kind === 'scheduled' ? (
              <>
                <span className="tag">{t('timeline.scheduled')}</span> {describeFault(t, e.fault)}
              </>
            ) : e.kind === 'command' ? (
              <>
                <strong>{e.command.actor}</strong> {describeCommand(t, e.command.command)}
              </>
            ) : (
              <>
                <strong>{e.note.author}</strong> “{e.note.text}”
              </>
            )}
            {e.at > simNow && <span className="tag">{t('timeline.future')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
