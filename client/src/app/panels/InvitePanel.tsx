import { useState, type JSX } from 'react';
import type { Role } from '@twinlab/shared/session/roles';
import type { SessionClient } from '../session/session.ts';
import { Api } from '../api/api.ts';
import { useT } from '../i18n/use-i18n.ts';
import { useErrorText } from '../api/error-text.ts';

const api = new Api();

/** The lead invites a person in a role: the link carries a signed token with their name. */
export function InvitePanel({ client, token }: { client: SessionClient; token: string }): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const [role, setRole] = useState<Role>('engineer');
  const [name, setName] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sessionId = client.store.get().meta?.id;
  const create = async () => {
    if (!sessionId || !name.trim()) return;
    try {
      const inv = await api.invite(sessionId, token, role, name.trim());
      setLink(inv.link);
      setCopied(false);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="panel">
      <h3>{t('panel.invite')}</h3>
      <div className="row">
        <select data-testid="invite-role" aria-label={t('invite.roleLabel')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {(['engineer', 'observer', 'lead'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <input data-testid="invite-name" className="grow" placeholder={t('invite.name')} aria-label={t('invite.name')} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <button data-testid="invite-create" disabled={!name.trim() || !sessionId} onClick={() => void create()}>
          {t('invite.create')}
        </button>
      </div>
      {link && (
        <div className="row">
          <input className="grow" readOnly value={link} data-testid="invite-link" onFocus={(e) => e.target.select()} />
          <button
            onClick={() =>
              void navigator.clipboard?.writeText(link).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? t('invite.copied') : t('invite.copy')}
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
