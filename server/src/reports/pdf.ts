import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Chromium the project already uses (Debian's, as the e2e tests and benchmarks do); a PDF needs it installed. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** A print that takes longer than this is killed: a client must not hold a browser on the server. */
const PDF_TIMEOUT_MS = 30_000;

export type PdfOutcome = { ok: true; pdf: Buffer } | { ok: false; reason: 'unavailable' | 'busy' | 'failed'; detail: string };

// One print at a time: each is a whole browser process. A second request while one runs is told to retry.
let printing = false;

/** Print a self-contained HTML page to PDF with headless Chromium (its print CSS applies). */
export async function htmlToPdf(html: string, chromium = CHROMIUM): Promise<PdfOutcome> {
  if (!existsSync(chromium)) return { ok: false, reason: 'unavailable', detail: `no Chromium at ${chromium}: install the chromium package or set CHROMIUM_PATH` };
  if (printing) return { ok: false, reason: 'busy', detail: 'another report is being printed; try again in a few seconds' };
  printing = true;
  const dir = await mkdtemp(join(tmpdir(), 'twinlab-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const out = join(dir, 'report.pdf');
    await writeFile(page, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      `file://${page}`,
    ];
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(chromium, args, { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), PDF_TIMEOUT_MS);
      child.on('error', (e) => resolve(e.message));
      child.on('exit', (c, signal) => {
        clearTimeout(timer);
        resolve(c ?? String(signal));
      });
    });
    const pdf = await readFile(out).catch(() => null);
    if (!pdf || pdf.subarray(0, 5).toString() !== '%PDF-') return { ok: false, reason: 'failed', detail: `Chromium did not print the report (exit ${code})` };
    return { ok: true, pdf };
  } finally {
    printing = false;
    await rm(dir, { recursive: true, force: true });
  }
}
