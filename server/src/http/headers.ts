import { secureHeaders as honoSecureHeaders } from 'hono/secure-headers';

/**
 * Security headers on every answer (pages, reports, the API). The CSP allows scripts only from
 * the server itself: no inline script, nothing from elsewhere. 'unsafe-eval' stays because zod
 * (the shared schemas) probes `new Function` once, and a refused probe is a console error in the
 * lab; inline styles stay because React writes style attributes.
 */
export function secureHeaders() {
  return honoSecureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-eval'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // The lab loads nothing cross-origin; requiring CORP on it would only break a future embed.
    crossOriginEmbedderPolicy: false,
  });
}
