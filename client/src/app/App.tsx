import { useEffect, useState, type JSX } from 'react';
import { parseRoute, type Route } from './api/routes.ts';
import { Lobby } from './lobby/Lobby.tsx';
import { SessionPage } from './lab/SessionPage.tsx';
import { useLang, useT } from './i18n/use-i18n.ts';

/** Move to another page of the lab without reloading. */
export function navigate(url: string): void {
  history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return route;
}

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
        <span className="spacer" />
        <button className="link" data-testid="lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('app.lang')}
        </button>
      </header>
      {route.page === 'lobby' ? <Lobby /> : <SessionPage key={route.sessionId} sessionId={route.sessionId} />}
    </div>
  );
}
