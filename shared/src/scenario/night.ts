import { z } from 'zod';
import { ClockTime, Duration, Id, Money } from './units.ts';
import { MARKETS } from './topology.ts';
import { CALENDAR_FIELDS } from './window.ts';

/**
 * The night between trading days (docs/domain.md C5): after the close the counter's clearing batch waits
 * for CSDC's settlement files, posts them one by one (each a checkpoint), then initialises the next
 * day (日初始化). Until that is done the counter takes no orders: a late or corrupt file delays the
 * next open. Durations are [A] starting values: "clearing generally starts around 16:30 and is
 * stable after 22:00" (C5, illustrative).
 */
export const Night = z
  .object({
    clearingFrom: ClockTime.prefault('16:30').meta({ description: 'Time of day, on each trading day, when the clearing batch starts.' }),
    settlement: z
      .array(
        z
          .object({
            file: Id.meta({ description: 'A file in files: the CSDC settlement file of one market.' }),
            market: z.enum(MARKETS),
            dividends: z
              .array(
                z
                  .object({
                    symbol: z.string().min(1).max(16).meta({ description: 'A named instrument of the scenario (instruments[].symbol).' }),
                    per10Shares: Money.meta({ description: 'Cash paid per 10 shares held (每10股派 X 元), as the distribution notice states it.' }),
                  })
                  .strict(),
              )
              .max(8)
              .optional()
              .meta({
                description:
                  'Cash dividend (红利) records this file carries: every holder of the symbol at the night is paid floor(shares × per10Shares / 10) fen at clearing, by a counter whose clearing maps the business type (config clearing.cashDividend, default post).',
              }),
          })
          .strict(),
      )
      .min(1)
      .max(16)
      .meta({ description: 'The settlement files the batch posts in this order; each belongs to the night it arrives in.' }),
    clearing: Duration.prefault('40m').meta({ description: 'How long posting one settlement file takes.' }),
    initialisation: Duration.prefault('45m').meta({ description: 'Next-day initialisation (日初始化) after the last file is posted.' }),
  })
  .strict()
  .meta({ description: 'Clearing with effect on the books: T+1 sellable positions, sell proceeds withdrawable, the next day initialised.' });
export type Night = z.output<typeof Night>;

export const nightFields = { night: Night.optional() };

/** night.* check paths (engine/night.ts nightPath). */
export const NIGHT_FIELDS = ['stage', 'ready', 'blocked', 'posted', 'doublePosted', 'refused', 'clearedAt'] as const;

/**
 * calendar.<node>.<field> and night.<field> are read from the engine only (like config.*), so the
 * cutover report's paths do not list them; check them here: a typo is an error, not a false check.
 */
export function engineOnlyPathProblems(paths: readonly string[], sc: { nodes: { id: string; kind: string }[]; night?: Night | undefined }): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path.startsWith('night.')) {
      if (!sc.night) out.push(`"${path}": the scenario has no night section`);
      else if (!(NIGHT_FIELDS as readonly string[]).includes(path.slice(6))) out.push(`unknown check path "${path}" (night.${NIGHT_FIELDS.join('|')})`);
    } else if (path.startsWith('calendar.')) {
      const rest = path.slice(9);
      const k = rest.lastIndexOf('.');
      const node = sc.nodes.find((n) => n.id === rest.slice(0, k));
      if (!node || !['counter', 'fast_counter', 'oms'].includes(node.kind)) out.push(`"${path}": calendar.<node> names a counter or OMS of the scenario`);
      else if (!(CALENDAR_FIELDS as readonly string[]).includes(rest.slice(k + 1))) out.push(`unknown check path "${path}" (calendar.<node>.${CALENDAR_FIELDS.join('|')})`);
    }
  }
  return out;
}

type Issue = (path: (string | number)[], message: string) => void;

export function checkNight(sc: { night?: Night | undefined; files: { id: string }[]; instruments: object[] }, issue: Issue): void {
  const symbols = sc.instruments.flatMap((x) => ('symbol' in x && typeof x.symbol === 'string' ? [x.symbol] : []));
  sc.night?.settlement.forEach((x, i) => {
    if (!sc.files.some((f) => f.id === x.file)) issue(['night', 'settlement', i, 'file'], `unknown file "${x.file}" (files: ${sc.files.map((f) => f.id).join(', ') || 'none'})`);
    x.dividends?.forEach((dv, j) => {
      if (!symbols.includes(dv.symbol)) issue(['night', 'settlement', i, 'dividends', j, 'symbol'], `unknown symbol "${dv.symbol}" (named instruments: ${symbols.join(', ') || 'none'})`);
    });
  });
}
