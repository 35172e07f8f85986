import { useEffect, useState, type JSX } from 'react';
import type { Certificates } from '@twinlab/shared/api/people';
import { useT } from '../app/i18n/use-i18n.ts';
import { peopleApi } from './api.ts';

/** Drill titles by id, for pages that list drills by id. */
export function useDrillTitles(): Map<string, string> {
  const [titles, setTitles] = useState(new Map<string, string>());
  useEffect(() => {
    peopleApi.paths().then(
      (p) => setTitles(new Map(p.drills.map((d) => [d.id, d.title]))),
      () => undefined,
    );
  }, []);
  return titles;
}

/** A certificate-style summary per role: points earned of the pass mark, each drill's standing. */
export function CertificateCards({ cert }: { cert: Certificates }): JSX.Element {
  const t = useT();
  const titles = useDrillTitles();
  return (
    <section className="certificates" data-testid="certificates">
      {cert.problems.length > 0 && <p className="warning small">{cert.problems.join('; ')}</p>}
      {cert.certificates.map((c) => (
        <article key={c.role} className={`card certificate${c.certified ? ' certified' : ''}`} data-testid="certificate" data-role={c.role} data-certified={c.certified} data-points={c.points}>
          <header className="row">
            <h3 className="grow">{c.title}</h3>
            <span className={c.certified ? 'ok' : 'muted'}>{t(c.certified ? 'people.certified' : 'people.notYet')}</span>
          </header>
          <p>
            <span className="cert-name">{cert.person.name}</span> · {t('people.points', { points: c.points, pass: c.pass, total: c.total })}
          </p>
          <ul className="plain small">
            {c.drills.map((d) => (
              <li key={d.drill} className="row">
                <span className={d.passed ? 'ok' : 'muted'}>{d.passed ? '✓' : '·'}</span>
                <span className="grow">
                  {titles.get(d.drill) ?? d.drill}
                  {d.required ? '' : ` ${t('people.optional')}`}
                </span>
                <span className="muted">{d.bestScore === null ? t('people.notTried') : t('people.best', { score: d.bestScore, n: d.attempts })}</span>
                <span>{t('people.earned', { earned: d.earned, points: d.points })}</span>
              </li>
            ))}
          </ul>
          {c.missing.length > 0 && <p className="muted small">{t('people.missing', { drills: c.missing.map((m) => `「${titles.get(m) ?? m}」`).join(' ') })}</p>}
        </article>
      ))}
    </section>
  );
}
