import type { JSX } from 'react';
import { useT } from '../app/i18n/use-i18n.ts';
import { navigate } from '../app/nav.ts';
import { useMe } from './SignIn.tsx';

/** The lobby's line about who is signed in (drills count for them) and the way to the people pages. */
export function PeopleLinks(): JSX.Element {
  const t = useT();
  const { me } = useMe();
  const go = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <section className="card row people-links" data-testid="people-links">
      <span className="grow muted" data-testid="signed-in">
        {me ? t('lobby.signedInAs', { name: me.person.name }) : t('lobby.guest')}
      </span>
      <a href="/people" onClick={go('/people')}>
        {t('lobby.myTraining')}
      </a>
      <a href="/trainer" data-testid="to-trainer" onClick={go('/trainer')}>
        {t('lobby.trainer')}
      </a>
    </section>
  );
}
