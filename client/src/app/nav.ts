import { useEffect, useState } from 'react';
import { parseRoute, viewSearch, type LabView, type Route } from './api/routes.ts';

// Its own module so pages can navigate without importing App (App imports the pages).

/** Move to another page of the lab without reloading. */
export function navigate(url: string): void {
  history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** Put what the person looks at into the address bar, keeping the path and the fragment (the token). */
export function replaceView(view: LabView): void {
  const url = `${location.pathname}${viewSearch(view)}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}

export function currentRoute(): Route {
  return parseRoute(location.pathname, location.search);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return route;
}
