import { z } from 'zod';
import { parsePredicate, PredicateSyntaxError } from './parse.ts';

/**
 * A check written in a scenario file. Syntax errors become zod issues at the field, with the
 * column inside the expression, so the YAML loader reports file:line:col and the field path.
 */
export const PredicateText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    try {
      parsePredicate(text);
    } catch (e) {
      if (!(e instanceof PredicateSyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', message: `bad check "${text}": ${e.message}` });
    }
  })
  .meta({
    description:
      'A check over metrics and state, e.g. `orders.lost == 0 and node.gw-sh.state == "up"` or `e2e.p99 < 50ms`. Paths: time, phase, throughput, orders.*, reports.*, e2e.*, node.<id>.*, link.<id>.*; runbook.*, runbook.<step>.status|verified|overrun, gate.<id>.decision, cutover.primary|switchedDirty, recon.*, migration.*, file.<id>.arrived|valid, resync.missing, guard.halted; config.<node>.<key>, calendar.<node>.mismatches|makeupAsTrading|tradingToday|nextTradingDay and night.stage|ready|blocked|posted|doublePosted|refused|clearedAt in runbook checks; audit.* and drill.* in drill objectives.',
  });
