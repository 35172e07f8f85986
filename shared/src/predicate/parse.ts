import { parseClock, parseDuration } from '../scenario/units.ts';

/**
 * Checks that authors write in scenario files: verifications of runbook steps, drill objectives,
 * stop conditions. A small expression language rather than nested YAML because leads read and
 * write them by the dozen:
 *
 *   orders.lost == 0 and node.gw-sh.state == "up"
 *   e2e.p99 < 50ms or time < 10:00
 *   not (recon.mismatches > 0)
 *
 * Operands: metric paths (letters, digits, "-", "_", "." — resolved by a view at evaluation),
 * numbers, durations (50ms, 5s, 2min → µs), times of day (10:00, 14:57:30 → µs since midnight),
 * strings in double quotes, true and false. Operators: == != < <= > >=, and, or, not, parentheses.
 */
export type Literal = number | string | boolean;
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Operand = { kind: 'path'; path: string; column: number } | { kind: 'literal'; value: Literal };
export type Predicate =
  | { kind: 'compare'; op: Comparison; left: Operand; right: Operand; text: string }
  | { kind: 'value'; operand: Operand & { kind: 'path' }; text: string } // a bare boolean path: link.x.connected
  | { kind: 'and' | 'or'; items: Predicate[] }
  | { kind: 'not'; item: Predicate };

export class PredicateSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based column in the expression. */
    readonly column: number,
  ) {
    super(`column ${column}: ${message}`);
  }
}

type Token = { t: 'path'; v: string; col: number } | { t: 'lit'; v: Literal; col: number } | { t: 'op'; v: Comparison; col: number } | { t: 'and' | 'or' | 'not' | '(' | ')' | 'end'; col: number };

const TIME_RE = /^\d{1,2}:\d{2}(?::\d{2})?/;
const NUMBER_UNIT_RE = /^-?\d+(?:\.\d+)?(?:us|µs|ms|s|min|m|h)?(?![a-z0-9_.-])/i;
const PATH_RE = /^[A-Za-z_][A-Za-z0-9_.-]*/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const col = i + 1;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ t: ch, col });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two, col });
      i += 2;
      continue;
    }
    if (ch === '<' || ch === '>') {
      out.push({ t: 'op', v: ch, col });
      i++;
      continue;
    }
    if (ch === '=') throw new PredicateSyntaxError('write == to compare', col);
    if (ch === '"' || ch === "'") {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new PredicateSyntaxError('string is not closed', col);
      out.push({ t: 'lit', v: src.slice(i + 1, end), col });
      i = end + 1;
      continue;
    }
    const rest = src.slice(i);
    const time = TIME_RE.exec(rest);
    if (time) {
      const us = parseClock(time[0].length === 4 || time[0].length === 7 ? `0${time[0]}` : time[0]);
      if (us === undefined) throw new PredicateSyntaxError(`"${time[0]}" is not a time of day`, col);
      out.push({ t: 'lit', v: us, col });
      i += time[0].length;
      continue;
    }
    const num = NUMBER_UNIT_RE.exec(rest);
    if (num) {
      const text = num[0];
      const negative = text.startsWith('-');
      const body = negative ? text.slice(1) : text;
      let v: number | undefined = /[a-zµ]$/i.test(body) ? parseDuration(body) : Number(body);
      if (v === undefined || !Number.isFinite(v)) throw new PredicateSyntaxError(`"${text}" is not a number or duration`, col);
      if (negative) v = -v;
      out.push({ t: 'lit', v, col });
      i += text.length;
      continue;
    }
    const word = PATH_RE.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'and' || w === 'or' || w === 'not') out.push({ t: w, col });
      else if (w === 'true' || w === 'false') out.push({ t: 'lit', v: w === 'true', col });
      else if (w.endsWith('.')) throw new PredicateSyntaxError(`"${w}" ends with a dot`, col);
      else out.push({ t: 'path', v: w, col });
      i += w.length;
      continue;
    }
    throw new PredicateSyntaxError(`unexpected "${ch}"`, col);
  }
  out.push({ t: 'end', col: src.length + 1 });
  return out;
}

/** Parse an expression; throws PredicateSyntaxError with the column of the first problem. */
export function parsePredicate(src: string): Predicate {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;

  const orExpr = (): Predicate => {
    const items = [andExpr()];
    while (peek().t === 'or') {
      next();
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const andExpr = (): Predicate => {
    const items = [unary()];
    while (peek().t === 'and') {
      next();
      items.push(unary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const unary = (): Predicate => {
    const tok = peek();
    if (tok.t === 'not') {
      next();
      return { kind: 'not', item: unary() };
    }
    if (tok.t === '(') {
      next();
      const inner = orExpr();
      const close = next();
      if (close.t !== ')') throw new PredicateSyntaxError('expected ")"', close.col);
      return inner;
    }
    return comparison();
  };
  const operand = (): Operand => {
    const tok = next();
    if (tok.t === 'path') return { kind: 'path', path: tok.v, column: tok.col };
    if (tok.t === 'lit') return { kind: 'literal', value: tok.v };
    throw new PredicateSyntaxError(tok.t === 'end' ? 'expression ends too early' : `expected a metric or a value, found "${describe(tok)}"`, tok.col);
  };
  const comparison = (): Predicate => {
    const start = peek().col;
    const left = operand();
    const opTok = peek();
    if (opTok.t !== 'op') {
      if (left.kind === 'path') return { kind: 'value', operand: left, text: src.slice(start - 1, opTok.col - 1).trim() };
      throw new PredicateSyntaxError('a value alone is not a check: compare it with a metric', start);
    }
    next();
    const right = operand();
    if (left.kind === 'literal' && right.kind === 'literal') throw new PredicateSyntaxError('compare a metric, not two values', start);
    return { kind: 'compare', op: opTok.v, left, right, text: src.slice(start - 1, peek().col - 1).trim() };
  };

  const result = orExpr();
  const end = peek();
  if (end.t !== 'end') throw new PredicateSyntaxError(`unexpected "${describe(end)}"`, end.col);
  return result;
}

function describe(tok: Token): string {
  if (tok.t === 'path' || tok.t === 'lit' || tok.t === 'op') return String(tok.v);
  return tok.t;
}

/** Every metric path the expression reads, in order of appearance. */
export function predicatePaths(p: Predicate): string[] {
  switch (p.kind) {
    case 'compare':
      return [p.left, p.right].flatMap((o) => (o.kind === 'path' ? [o.path] : []));
    case 'value':
      return [p.operand.path];
    case 'not':
      return predicatePaths(p.item);
    default:
      return p.items.flatMap(predicatePaths);
  }
}
