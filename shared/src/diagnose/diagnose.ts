import type { PredicateView } from '../predicate/evaluate.ts';
import type { StampedCommand } from '../scenario/command.ts';
import { formatScenarioError, locatorOf, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatClock } from '../scenario/units.ts';
import { rowFinding, startsTrading } from './calendar-findings.ts';
import { configFindings, dividendFile, dividendFiles, dividendSkipped, dualSystems } from './config.ts';
import { calendarSetText, ev, list, type Raw } from './raw.ts';
import type { Diagnosis, Evidence, Finding } from './finding.ts';
import { isOff } from '../engine/node-config.ts';

/**
 * Diagnosis: the configuration errors a scenario holds and, for a session, what its commands
 * fixed or introduced and what the run's metrics show of each (docs/domain.md C3, C5, C7, E1). Pure:
 * the caller runs the engine and passes what it reads (a PredicateView, as drills and runbook
 * checks read it).
 */

export interface SessionEvidence {
  commands: readonly StampedCommand[];
  /** The run at the session's clock: metrics, recon.*, migration.* (simulationView). */
  view: PredicateView;
}

/** A scenario file's configuration errors. */
export function diagnoseScenario(text: string, file: string): Diagnosis {
  return diagnose(text, file);
}

/** For a session: the file's errors, then its commands and the run's evidence. */
export function diagnoseSession(text: string, file: string, session: SessionEvidence): Diagnosis {
  return diagnose(text, file, session);
}

function diagnose(text: string, file: string, session?: SessionEvidence): Diagnosis {
  const parsed = parseScenario(text, file);
  if (!parsed.ok) return { file, findings: [], errors: parsed.errors.map(formatScenarioError) };
  const place = locatorOf(text, file)!;
  const sc = parsed.scenario;
  let raws = configFindings(sc).map((r) => ({ ...r, fixed: undefined as Evidence | undefined }));
  if (session) raws = [...raws, ...introduced(sc, session.commands).map((r) => ({ ...r, fixed: undefined }))];
  const findings = raws.map((r): Finding => {
    const at = place(r.path);
    const evidence = [...r.evidence];
    let status: Finding['status'] = 'open';
    let severity = r.severity;
    if (session) {
      evidence.push(...runEvidence(r, session.view));
      const fixedBy = fixingCommand(r, session);
      if (fixedBy) {
        evidence.push(fixedBy);
        status = 'fixed';
      }
      // A standby on other PBUs may be by design; refused cancels say it is not.
      if (r.key === 'pbuStandbyDiffers' && num(session.view('orders.cancelsWrongPbu')) > 0) severity = 'error';
    }
    const { kind, key, params, message, fix } = r;
    return { kind, severity, key, params, message, fix, at: { file: at.file, line: at.line, column: at.column, path: at.path }, evidence, status };
  });
  if (session) findings.push(...causes(sc, session, place, /^marketData:/m.test(text), findings));
  return { file, findings, errors: [] };
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const stamp = (c: StampedCommand) => `${formatClock(c.at).slice(0, 8)} by ${c.actor}`;

/** Metrics that bear out (or not) a finding of this kind. */
function runEvidence(r: Raw, view: PredicateView): Evidence[] {
  const out: Evidence[] = [];
  const recon = (cause: string) => {
    const n = view(`recon.${cause}`);
    if (typeof n === 'number' && n >= 0) out.push(ev('reconBreaks', { cause, n }, `the last reconciliation shows ${n} break(s) of cause ${cause}`));
  };
  if (r.kind === 'fee_rule') {
    recon('fee_rule');
    const c = view('fees.commission');
    if (typeof c === 'number') out.push(ev('commission', { fen: c }, `commission charged so far: ${(c / 100).toFixed(2)} yuan`));
  } else if (r.kind === 'calendar') {
    recon('holiday_calendar');
  } else if (r.kind === 'price_limits') {
    const n = num(view('rejects.no_sod_file'));
    out.push(ev('rejects', { reason: 'no_sod_file', n }, `${n} order(s) refused for want of the start-of-day file (rejects.no_sod_file)`));
  } else if (r.kind === 'ipo') {
    const [reason, path] = r.key === 'ipoFreezeAtT' ? ['insufficient_funds', 'ipo.funds'] : ['no_quota_file', 'ipo.noQuotaFile'];
    const n = num(view(path));
    out.push(ev('rejects', { reason, n }, `${n} subscription(s) refused with reason ${reason} (${path}); ${num(view('ipo.validRejected'))} valid ones refused in all (ipo.validRejected)`));
  } else if (r.kind === 'dirty_migration') {
    recon('dirty_migrated_record');
    const unfound = view('migration.unfound');
    if (typeof unfound === 'number') out.push(ev('unfoundRecords', { n: unfound }, `${unfound} dirty record(s) not yet found by validation`));
  } else if (r.kind === 'clearing') {
    out.push(...afterClearing(view));
  } else if (r.kind === 'pbu') {
    const n = num(view('orders.cancelsWrongPbu'));
    if (n > 0) out.push(ev('cancelsWrongPbu', { n }, `${n} cancel(s) refused: sent on a PBU other than the one that placed the order`));
  }
  return out;
}

const clock = (t: number) => formatClock(t).replace(/\.\d+$/, '');

/**
 * What the reconciliation shows of a clearing difference: it appears only after clearing, so an
 * intraday reconciliation says nothing either way (the last one's checkpoint says which it was).
 */
function afterClearing(view: PredicateView): Evidence[] {
  const checkpoint = view('recon.checkpoint');
  if (checkpoint === 'post_clearing') {
    const n = num(view('recon.corporate_action'));
    const at = clock(num(view('recon.at')));
    return [ev('postClearingBreaks', { n, at }, `the last reconciliation, after clearing at ${at}, shows ${n} break(s) of cause corporate_action`)];
  }
  if (checkpoint === 'intraday') return [ev('noPostClearing', {}, 'no reconciliation after clearing yet: an intraday one cannot see what the clearing posted')];
  return [];
}

/** The command in the session that corrects this finding, as evidence; undefined while it stands. */
function fixingCommand(r: Raw, session: SessionEvidence): Evidence | undefined {
  const last = (pred: (c: StampedCommand) => boolean) => [...session.commands].sort((a, b) => b.seq - a.seq).find(pred);
  const setTo = (key: string, ok: (v: unknown) => boolean) => {
    const c = last((x) => x.command.type === 'set_config' && x.command.key === key && (r.node === undefined || x.command.node === r.node));
    return c && c.command.type === 'set_config' && ok(c.command.value) ? c : undefined;
  };
  let c: StampedCommand | undefined;
  let label: string | undefined;
  if (r.rows && r.node !== undefined) {
    // Every row set the published way by the session's latest calendar_set of that date.
    const { node, rows } = r;
    const set = rows.map((row) => last((x) => x.command.type === 'calendar_set' && x.command.node === node && x.command.date === row.date));
    const right = set.every((x, i) => x?.command.type === 'calendar_set' && x.command.trading === rows[i]!.trading);
    if (right) {
      c = set.reduce((a, b) => (b!.seq > a!.seq ? b : a));
      label = rows.map((row) => calendarSetText(node, row)).join('; ');
    }
  } else if (r.kind === 'fee_rule') c = setTo('fees.minimumApplies', (v) => v === 'per_order');
  else if (r.kind === 'price_limits') c = setTo('sod.securitiesFile', (v) => v === 'loaded');
  else if (r.kind === 'clearing') c = setTo('clearing.cashDividend', (v) => v === 'post');
  else if (r.kind === 'ipo' && r.key === 'ipoFreezeAtT') c = setTo('ipo.freezeAtSubscription', isOff);
  else if (r.kind === 'ipo') c = setTo('sod.quotaFile', (v) => v === 'loaded');
  else if (r.kind === 'dirty_migration') {
    const cleaned = num(session.view('migration.cleaned'));
    const dirty = num(session.view('migration.dirty'));
    c = dirty > 0 && cleaned >= dirty ? last((x) => x.command.type === 'clean_migration') : undefined;
  }
  if (!c) return undefined;
  label ??= c.command.type === 'set_config' ? `set_config ${c.command.node} ${c.command.key} = ${String(c.command.value)}` : c.command.type;
  return ev('fixedBy', { command: label, at: formatClock(c.at).slice(0, 8), actor: c.actor }, `corrected by ${label} at ${stamp(c)}`);
}

/** Errors a session's own commands put in: a calendar row set against the notice, a fee rule set per fill. */
function introduced(sc: Scenario, commands: readonly StampedCommand[]): Raw[] {
  const out: Raw[] = [];
  const nodeIndex = (id: string) => sc.nodes.findIndex((n) => n.id === id);
  const latest = new Map<string, StampedCommand>();
  for (const c of [...commands].sort((a, b) => a.seq - b.seq)) {
    const cmd = c.command;
    if (cmd.type === 'set_config') latest.set(`${cmd.node}\u0000${cmd.key}`, c);
    if (cmd.type === 'inject_fault' && cmd.fault.kind === 'config_error') latest.set(`${cmd.fault.target}\u0000${cmd.fault.key}`, c);
    if (cmd.type === 'calendar_set') latest.set(`${cmd.node}\u0000calendar.${cmd.date}`, c);
  }
  for (const c of latest.values()) {
    const cmd = c.command;
    const at = formatClock(c.at).slice(0, 8);
    if (cmd.type === 'calendar_set') {
      if (nodeIndex(cmd.node) < 0) continue;
      // A row the node started wrong is the file's finding, open or fixed; only a right row set wrong is new.
      const r = startsTrading(sc, cmd.node, cmd.date) === cmd.trading ? null : rowFinding(cmd.node, cmd.date, cmd.trading);
      const text = calendarSetText(cmd.node, { date: cmd.date, trading: cmd.trading });
      if (r) out.push({ ...r, path: ['nodes', nodeIndex(cmd.node)], evidence: [...r.evidence, ev('introducedBy', { command: text, at, actor: c.actor }, `set by ${text} at ${stamp(c)}`)] });
      continue;
    }
    const [node, key, value] =
      cmd.type === 'set_config' ? [cmd.node, cmd.key, cmd.value] : cmd.type === 'inject_fault' && cmd.fault.kind === 'config_error' ? [cmd.fault.target, cmd.fault.key, cmd.fault.value] : [];
    if (node === undefined || nodeIndex(node) < 0) continue;
    const by = ev('introducedBy', { command: `${cmd.type} ${node} ${key} = ${String(value)}`, at, actor: c.actor }, `set by ${cmd.type} ${node} ${key} = ${String(value)} at ${stamp(c)}`);
    const path = ['nodes', nodeIndex(node)];
    if (key === 'fees.minimumApplies' && value === 'per_fill') {
      out.push({
        kind: 'fee_rule',
        severity: 'error',
        key: 'feePerFill',
        params: { node, minimum: (sc.fees.minimumCommission / 100).toFixed(2) },
        path,
        node,
        configKey: key,
        message: `node ${node} was set to charge the minimum commission on every partial fill`,
        fix: `set_config ${node} fees.minimumApplies = per_order`,
        evidence: [by],
      });
    }
    // A dual-run system set to skip the dividends the night's files carry (one that starts so is the file's finding).
    if (key === 'clearing.cashDividend' && value === 'skip' && dualSystems(sc).includes(node) && dividendFiles(sc).length > 0 && sc.nodes[nodeIndex(node)]!.config[key] !== 'skip') {
      const r = dividendSkipped(sc, node, path);
      out.push({ ...r, evidence: [by, ...r.evidence] });
    }
    if (key === 'ipo.quotaCheck' && isOff(value)) {
      // The subscription quota is the exchanges' rule (docs/domain.md C8): without the check invalid subscriptions go through.
      out.push({
        kind: 'ipo',
        severity: 'error',
        key: 'ipoQuotaCheckOff',
        params: { node },
        path,
        node,
        configKey: key,
        message: `node ${node} was set to take new-share subscriptions without checking the quota: subscriptions above it are invalid and go through`,
        fix: `set_config ${node} ipo.quotaCheck = on`,
        evidence: [by],
      });
    }
  }
  return out;
}

/**
 * Likely causes the run shows that no open configuration finding names: refusals for stale quotes;
 * breaks of cause corporate_action after clearing (a mapping fixed without a rerun of the clearing,
 * or a double posting).
 */
function causes(sc: Scenario, session: SessionEvidence, place: NonNullable<ReturnType<typeof locatorOf>>, hasMarketData: boolean, found: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const dividends = session.view('recon.checkpoint') === 'post_clearing' ? num(session.view('recon.corporate_action')) : 0;
  if (dividends > 0 && !found.some((f) => f.kind === 'clearing' && f.status === 'open')) out.push(dividendBreaks(sc, session, place, dividends));
  const stale = num(session.view('rejects.no_quotes'));
  if (stale > 0) {
    const feeds = sc.nodes.filter((n) => n.kind === 'market_data').map((n) => n.id);
    // The file's marketData section if it has one, else the feed the counter reads.
    const feed = sc.nodes.findIndex((n) => n.kind === 'market_data');
    const at = place(hasMarketData || feed < 0 ? ['marketData', 'onStale'] : ['nodes', feed]);
    out.push({
      kind: 'market_data',
      severity: 'warning',
      key: 'staleFeedRejects',
      params: { n: stale, feeds: feeds.join(', ') },
      message: `${stale} order(s) refused for want of fresh quotes: the market-data feed (${feeds.join(', ') || 'none'}) is down, cut off or stale, and the counter rejects priced orders meanwhile`,
      fix: 'restore the feed (restart it, or fail over to the standby feed); while it is out, hold priced orders (marketData.onStale: hold) rather than refuse them',
      at: { file: at.file, line: at.line, column: at.column, path: at.path },
      evidence: [ev('rejects', { reason: 'no_quotes', n: stale }, `${stale} refusal(s) with reason no_quotes (rejects.no_quotes)`)],
      status: 'open',
    });
  }
  return out;
}

/**
 * Post-clearing breaks of cause corporate_action with no open mapping finding behind them: the
 * systems' books of the dividend records differ. The system named is the one whose clearing was
 * set to skip them (by the file or a command), else the first file with dividends is the place.
 */
function dividendBreaks(sc: Scenario, session: SessionEvidence, place: NonNullable<ReturnType<typeof locatorOf>>, n: number): Finding {
  const files = dividendFiles(sc);
  const skipped = dualSystems(sc).filter(
    (id) =>
      sc.nodes.find((x) => x.id === id)?.config['clearing.cashDividend'] === 'skip' ||
      session.commands.some((c) => c.command.type === 'set_config' && c.command.node === id && c.command.key === 'clearing.cashDividend' && c.command.value === 'skip'),
  );
  const node = skipped[0] ?? '';
  const i = sc.nodes.findIndex((x) => x.id === node);
  const where = place(i >= 0 ? ['nodes', i] : files.length > 0 ? ['night', 'settlement', files[0]!.entry, 'dividends'] : ['dualRun']);
  const at = clock(num(session.view('recon.at')));
  const names = list(files.map((f) => f.file));
  return {
    kind: 'clearing',
    severity: 'error',
    key: 'corporateActionBreaks',
    params: { n, at, node, files: names },
    message: `${n} break(s) of cause corporate_action after clearing: the two systems' books of the cash dividend (红利) records of ${names || 'the settlement files'} differ (skipped on one, or posted twice)`,
    fix: `read each system's clearing line on the timeline; map the type where it is skipped (set_config ${node || '<node>'} clearing.cashDividend = post), rerun that clearing from its checkpoint (rerun_clearing from: checkpoint), and reconcile again`,
    at: { file: where.file, line: where.line, column: where.column, path: where.path },
    evidence: [
      ev('postClearingBreaks', { n, at }, `the last reconciliation, after clearing at ${at}, shows ${n} break(s) of cause corporate_action`),
      ...(node ? files.map((f) => dividendFile(f, node)) : []),
    ],
    status: 'open',
  };
}
