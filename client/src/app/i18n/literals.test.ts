import { readFileSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The lab speaks Chinese and English: every word a user reads comes from en.ts / zh.ts through
 * useT(). This guard parses every component (.tsx under client/src, tests excluded) and reports,
 * by file and line, English left in JSX:
 *
 * - a JSX text node (`<h2>Replay</h2>`);
 * - a string or template literal rendered as a child (`{ok ? 'Passed' : 'Not passed'}`,
 *   {`${n} min left`}, `{list || 'none'}`);
 * - a string or template literal given to title, placeholder, aria-label or alt.
 *
 * "English" means a Latin word that is not one of the UNITS below. Literals elsewhere (data-*,
 * className, keys, comparisons, arguments of calls such as t('drill.hint')) are code, not text.
 */

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const TEXT_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt']);

/** Latin tokens that read the same in both languages. */
const UNITS = new Set([
  'ms', // milliseconds, as in "12.5 ms"
  'p50', // percentile names, as the charts and the engine use them
  'p95',
  'p99',
]);

/** Exact texts allowed in one file despite the rule, each with the reason. */
const ALLOW: { file: string; text: string; reason: string }[] = [];

interface Finding {
  file: string;
  line: number;
  text: string;
}

function hasWords(text: string): boolean {
  // An HTML entity (&nbsp;, &#8203;) in a text node is a character, not a word.
  return (text.replace(/&#?\w+;/g, ' ').match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).some((w) => !UNITS.has(w));
}

/** Hard-coded words in one component's JSX. */
function findLiterals(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!hasWords(trimmed) || ALLOW.some((a) => a.file === file && a.text === trimmed)) return;
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: trimmed });
  };
  /** The strings an expression may render: through ?:, &&, ||, ??, + and templates, not into calls or conditions. */
  const rendered = (e: ts.Expression): void => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) report(e, e.text);
    else if (ts.isTemplateExpression(e)) {
      report(e.head, e.head.text);
      for (const span of e.templateSpans) {
        rendered(span.expression);
        report(span.literal, span.literal.text);
      }
    } else if (ts.isParenthesizedExpression(e)) rendered(e.expression);
    else if (ts.isConditionalExpression(e)) {
      rendered(e.whenTrue);
      rendered(e.whenFalse);
    } else if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) rendered(e.right);
      else if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken) {
        rendered(e.left);
        rendered(e.right);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) rendered(node.expression);
    else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text);
      else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) rendered(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function components(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}${e.name}`;
    if (e.isDirectory()) return components(`${path}/`);
    return e.name.endsWith('.tsx') && !/\.test\.tsx$/.test(e.name) ? [path] : [];
  });
}

describe('hard-coded UI text', () => {
  it('finds words in text nodes, rendered literals and text attributes, and nothing else', () => {
    const sample = [
      'const A = () => (',
      '  <section title="Close" data-testid="drill-panel" className="panel drill">',
      '    <h2>Replay</h2>',
      '    {ok ? <b>{t("drill.passed")}</b> : "Not passed"}',
      '    <p>{`${n} min left`} {list.join(", ") || "none"}</p>',
      '    <input placeholder={t("runbook.reason")} aria-label={busy ? "Grading" : t("x")} />',
      '    <span>{s === "go" ? "✓" : "✗"} {ms(5)} 12 ms · p99 ×{speed} — {" "}&nbsp;</span>',
      '    <div key="a" data-status="met">{f("English in a call is code")}</div>',
      '  </section>',
      ');',
    ].join('\n');
    expect(findLiterals('sample.tsx', sample).map((f) => [f.line, f.text])).toEqual([
      [2, 'Close'],
      [3, 'Replay'],
      [4, 'Not passed'],
      [5, 'min left'],
      [5, 'none'],
      [6, 'Grading'],
    ]);
  });

  it('leaves no English in any component under client/src', () => {
    const files = components(SRC);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((path) => findLiterals(relative(SRC, path), readFileSync(path, 'utf8')));
    expect(found.map((f) => `client/src/${f.file}:${f.line}: ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it('keeps each allow-list entry in use', () => {
    for (const a of ALLOW) {
      const source = readFileSync(`${SRC}${a.file}`, 'utf8');
      expect(source, `${a.file} (${a.reason})`).toContain(a.text);
    }
  });
});
