import { useState, type JSX } from 'react';
import { mayWritePart } from '@twinlab/shared/session/roles';
import { formatClock } from '@twinlab/shared/scenario/units';
import type { SessionClient } from '../session/session.ts';
import { useStore } from '../store/use-store.ts';
import { useT } from '../i18n/use-i18n.ts';

/** Notes in the shared document, signed with the writer's name (the server checks the signature). */
export function Chat({ client }: { client: SessionClient }): JSX.Element {
  const t = useT();
  const chat = useStore(client.store, (s) => s.chat);
  const [text, setText] = useState('');
  const canWrite = mayWritePart(client.role, 'chat');
  const send = () => {
    client.addNote(text);
    setText('');
  };
  return (
    <section className="panel">
      <h3>{t('panel.chat')}</h3>
      {chat.length === 0 && <p className="muted">{t('chat.empty')}</p>}
      <ul className="plain chat" data-testid="chat">
        {chat.map((n, i) => (
          <li key={i}>
            {n.atSim !== undefined && <time className="muted">{formatClock(n.atSim).slice(0, 8)} </time>}
            <strong>{n.author}</strong>: {n.text}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <input
            className="grow"
            data-testid="chat-input"
            value={text}
            maxLength={2000}
            placeholder={t('chat.placeholder')}
            aria-label={t('chat.placeholder')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={!text.trim()}>
            {t('chat.send')}
          </button>
        </form>
      )}
    </section>
  );
}
