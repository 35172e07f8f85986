import type { Context } from 'hono';
import type { AfterActionReport } from './build.ts';
import { reportHtml } from './html.ts';
import { htmlToPdf } from './pdf.ts';
import { reportLang } from './words.ts';

/** The report's language for this request: ?lang=, else Accept-Language, else Chinese. */
export const langOf = (c: Context) => reportLang(c.req.query('lang'), c.req.header('accept-language'));

/** GET …/aar.html: the report page in the reader's language; ?download makes it the exported file. */
export function reportPage(c: Context, report: AfterActionReport): Response {
  if (c.req.query('download') !== undefined) c.header('content-disposition', `attachment; filename="twinlab-report-${report.session.id}.html"`);
  return c.html(reportHtml(report, langOf(c)));
}

/** GET …/aar.pdf: the same page printed by the server's Chromium, where one is installed. */
export async function reportPdf(c: Context, report: AfterActionReport): Promise<Response> {
  const lang = langOf(c);
  const r = await htmlToPdf(reportHtml(report, lang));
  if (!r.ok)
    return c.json({ error: `cannot make the PDF: ${r.detail}`, code: r.reason === 'busy' ? 'rate_limited' : 'unavailable' }, r.reason === 'busy' ? 429 : r.reason === 'unavailable' ? 503 : 500);
  const disposition = c.req.query('download') !== undefined ? 'attachment' : 'inline';
  return new Response(new Uint8Array(r.pdf), { headers: { 'content-type': 'application/pdf', 'content-disposition': `${disposition}; filename="twinlab-report-${report.session.id}-${lang}.pdf"` } });
}
