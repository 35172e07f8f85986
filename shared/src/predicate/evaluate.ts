import type { Comparison, Literal, Operand, Predicate } from './parse.ts';

/** Where a check reads its metrics: a path such as "node.gw-sh.queueDepth" → its current value. */
export type PredicateView = (path: string) => Literal | undefined;

export interface CheckResult {
  ok: boolean;
  /** For a failed check, each failing comparison with the values seen ("orders.lost is 3, wanted == 0"). */
  failures: string[];
}

export function evaluatePredicate(p: Predicate, view: PredicateView): CheckResult {
  const failures: string[] = [];
  const ok = evaluate(p, view, failures);
  return { ok, failures: ok ? [] : failures };
}

function evaluate(p: Predicate, view: PredicateView, failures: string[]): boolean {
  switch (p.kind) {
    case 'and': {
      // Every item is evaluated so that all failing parts are reported, not just the first.
      let ok = true;
      for (const item of p.items) ok = evaluate(item, view, failures) && ok;
      return ok;
    }
    case 'or': {
      const mine: string[] = [];
      for (const item of p.items) if (evaluate(item, view, mine)) return true;
      failures.push(mine.join(' and '));
      return false;
    }
    case 'not': {
      const ok = !evaluate(p.item, view, []);
      if (!ok) failures.push(`not expected: ${describe(p.item)}`);
      return ok;
    }
    case 'value': {
      const v = view(p.operand.path);
      if (v === true) return true;
      failures.push(v === undefined ? `unknown metric "${p.operand.path}"` : `${p.operand.path} is ${show(v)}, wanted true`);
      return false;
    }
    case 'compare': {
      const l = read(p.left, view);
      const r = read(p.right, view);
      const missing = [p.left, p.right].find((o, i) => o.kind === 'path' && (i === 0 ? l : r) === undefined);
      if (missing && missing.kind === 'path') {
        failures.push(`unknown metric "${missing.path}"`);
        return false;
      }
      const ok = compare(p.op, l!, r!);
      if (!ok) failures.push(explain(p.op, p.left, l!, p.right, r!));
      return ok;
    }
  }
}

function read(o: Operand, view: PredicateView): Literal | undefined {
  return o.kind === 'literal' ? o.value : view(o.path);
}

function compare(op: Comparison, l: Literal, r: Literal): boolean {
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  if (typeof l !== 'number' || typeof r !== 'number') return false;
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

function explain(op: Comparison, lo: Operand, l: Literal, ro: Operand, r: Literal): string {
  if (lo.kind === 'path' && ro.kind === 'literal') return `${lo.path} is ${show(l)}, wanted ${op} ${show(r)}`;
  if (ro.kind === 'path' && lo.kind === 'literal') return `${ro.path} is ${show(r)}, wanted ${show(l)} ${op} it`;
  return `${pathOf(lo)} (${show(l)}) ${op} ${pathOf(ro)} (${show(r)}) does not hold`;
}

const pathOf = (o: Operand) => (o.kind === 'path' ? o.path : show(o.value));
const show = (v: Literal) => (typeof v === 'string' ? `"${v}"` : String(v));

function describe(p: Predicate): string {
  switch (p.kind) {
    case 'compare':
    case 'value':
      return p.text;
    case 'not':
      return `not (${describe(p.item)})`;
    default:
      return p.items.map((i) => `(${describe(i)})`).join(` ${p.kind} `);
  }
}
