import { useEffect, type JSX } from 'react';
import { Lobby } from './lobby/Lobby.tsx';
import { SessionPage } from './lab/SessionPage.tsx';
import { useLang, useT } from './i18n/use-i18n.ts';
import { navigate, useRoute } from './nav.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { PeoplePage } from '../people/PeoplePage.tsx';
import { TrainerPage } from '../people/TrainerPage.tsx';

export function App(): JSX.Element {
  const route = useRoute();
  const t = useT();
  const [lang, setLang] = useLang();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand-title">
          <a
            className="brand"
            href="/"
            onClick={(e) => {
              e.preventDefault();
              navigate('/');
            }}
          >
            {t('app.title')}
          </a>
        </h1>
        <span className="spacer" />
        <button className="link" data-testid="lang" title={t('app.langLabel')} lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('app.lang')}
        </button>
      </header>
      <ErrorBoundary key={route.page === 'session' ? route.sessionId : route.page}>
        {route.page === 'lobby' ? (
          <Lobby />
        ) : route.page === 'people' ? (
          <PeoplePage />
        ) : route.page === 'trainer' ? (
          <TrainerPage />
        ) : route.page === 'session' ? (
          <SessionPage key={route.sessionId} sessionId={route.sessionId} view={route.view} />
        ) : (
          <NotFound path={route.path} />
        )}
      </ErrorBoundary>
    </div>
  );
}

function NotFound({ path }: { path: string }): JSX.Element {
  const t = useT();
  return (
    <main className="card not-found" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text', { path })}</p>
      <a
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        {t('notFound.back')}
      </a>
    </main>
  );
}
