import type { Lang } from './i18n.ts';

// Numbers in the chosen language, not the browser's locale. Formatters are cached per language:
// Intl.NumberFormat is slow to construct and the charts format on every draw.
const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: string, options: Intl.NumberFormatOptions, key: string): Intl.NumberFormat {
  const k = `${lang}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.NumberFormat(lang, options)));
  return f;
}

/** 1234567 → "1,234,567" (en) or "1,234,567" (zh-CN); grouping as the language writes it. */
export function formatNumber(lang: Lang | string, n: number, maxFraction = 0): string {
  return nf(lang, { maximumFractionDigits: maxFraction }, `n${maxFraction}`).format(n);
}

/** Short axis and marker labels: 200000 → "200K" (en) or "20万" (zh-CN). */
export function compactNumber(lang: Lang | string, n: number): string {
  return nf(lang, { notation: 'compact', maximumFractionDigits: 1 }, 'c').format(n);
}

/** Seconds since midnight as HH:MM:SS (the simulated clock reads the same in both languages). */
export function clockOfSeconds(s: number): string {
  const x = Math.floor(s);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(x / 3600))}:${pad(Math.floor((x % 3600) / 60))}:${pad(x % 60)}`;
}
