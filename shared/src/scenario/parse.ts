import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { migrate, MigrationError, type RawScenario } from './migrations.ts';
import { Scenario, SCHEMA_VERSION } from './schema.ts';
import { SAY_KEYS, SAY_GOT, SAY_TYPES, SAY_WHAT, type Say, type SayKey } from './say.ts';

export { SAY_KEYS, SAY_GOT, SAY_TYPES, SAY_WHAT, type Say, type SayKey };

/** One problem in a scenario file, where its author can find it. Line and column are 1-based. */
export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  /** The field at fault, e.g. "links[2].to"; empty for YAML syntax errors. */
  path: string;
  /** In English, for terminals, logs and the CLI. */
  message: string;
  /** The same message as a key and its values, for a reader in another language (absent for the schema's own wordings). */
  say?: Say;
}

export type ParseScenarioResult = { ok: true; scenario: Scenario; warnings: ScenarioError[] } | { ok: false; errors: ScenarioError[] };

type Path = readonly PropertyKey[];

/**
 * YAML text → a validated Scenario, or every error found with its line, column and field.
 * Order: YAML syntax, then the format version (migrations), then the schema. A later stage only
 * runs when the earlier one is clean, because its errors would be noise.
 */
export function parseScenario(text: string, file = '<inline>'): ParseScenarioResult {
  const read = readYaml(text, file, `the scenario is empty: start it with \`schemaVersion: ${SCHEMA_VERSION}\``);
  if (!read.ok) return read;
  const { doc, at, place, warnings } = read;
  let raw: RawScenario;
  try {
    raw = migrate(doc.toJS());
  } catch (e) {
    if (e instanceof MigrationError) return { ok: false, errors: [place(e.path, e.message)] };
    // toJS refuses documents with too many aliases (a "billion laughs" file).
    return { ok: false, errors: [at(0, [], e instanceof Error ? e.message : String(e))] };
  }
  const fromVersion = doc.get('schemaVersion');
  if (fromVersion !== raw.schemaVersion) {
    warnings.push(place(['schemaVersion'], `this file is schemaVersion ${String(fromVersion)}; it was migrated to ${String(raw.schemaVersion)} when loaded`));
  }
  const result = validate(Scenario, raw, place);
  return result.ok ? { ok: true, scenario: result.value, warnings } : result;
}

export type ParseYamlResult<T> = { ok: true; value: T } | { ok: false; errors: ScenarioError[] };

/** Any other YAML file TwinLab reads (a drill's model answer): the same located, explained errors as a scenario's. */
export function parseYamlFile<S extends z.ZodType>(text: string, file: string, schema: S): ParseYamlResult<z.output<S>> {
  const read = readYaml(text, file, 'the file is empty');
  if (!read.ok) return read;
  let raw: unknown;
  try {
    raw = read.doc.toJS();
  } catch (e) {
    return { ok: false, errors: [read.at(0, [], e instanceof Error ? e.message : String(e))] };
  }
  return validate(schema, raw, read.place);
}

/** Where a field of a YAML file is, for a finding about it (shared/src/diagnose): null when the text is not YAML. */
export function locatorOf(text: string, file: string): ((path: Path) => ScenarioError) | null {
  const read = readYaml(text, file, 'the file is empty');
  return read.ok ? (path) => read.place(path, '') : null;
}

type At = (offset: number, path: Path, message: string, say?: Say) => ScenarioError;
type Place = (path: Path, message: string, atKey?: boolean, say?: Say) => ScenarioError;

/** YAML syntax first: a document, and functions that turn an offset or a field path into a located error. */
function readYaml(text: string, file: string, emptyMessage: string): { ok: false; errors: ScenarioError[] } | { ok: true; doc: Document; at: At; place: Place; warnings: ScenarioError[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: we place errors ourselves, and the pretty form appends a code excerpt to the message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at: At = (offset, path, message, say) => {
    const { line, col } = lineCounter.linePos(offset);
    return say ? { file, line, column: col, path: formatPath(path), message, say } : { file, line, column: col, path: formatPath(path), message };
  };
  const warnings = doc.warnings.map((w) => at(w.pos[0], [], w.message));
  // Only the first syntax error: the parser's later ones are mostly echoes of it.
  const syntax = doc.errors[0];
  if (syntax) {
    const m = yamlMessage(syntax, text);
    return { ok: false, errors: [at(syntax.pos[0], [], m.message, m.say)] };
  }
  if (doc.contents === null) return { ok: false, errors: [at(0, [], emptyMessage, { key: 'empty', params: {} })] };
  const place: Place = (path, message, atKey = false, say) => at(locate(doc, path, atKey), path, message, say);
  return { ok: true, doc, at, place, warnings };
}

function validate<S extends z.ZodType>(schema: S, raw: unknown, place: Place): ParseYamlResult<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.flatMap((issue) => explain(issue, [], raw)).map((f) => place(f.path, f.message, f.atKey, f.say));
  return { ok: false, errors: sortUnique(errors) };
}

/** `file:line:col  path  message`, the shape editors and terminals turn into links. */
export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}  ${e.path ? `${e.path}  ` : ''}${e.message}`;
}

/** "links[2].to"; keys that are not plain names are quoted: config["fee.rule"]. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(seg))) out += out ? `.${String(seg)}` : String(seg);
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

interface Finding {
  path: Path;
  message: string;
  /** Point at the key rather than its value (an unknown key). */
  atKey: boolean;
  say?: Say;
}

/** A zod issue in the words of someone editing YAML, at the field it concerns. */
function explain(issue: z.core.$ZodIssue, base: Path, raw: unknown): Finding[] {
  const path = [...base, ...issue.path];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"`, atKey: true, say: { key: 'unknownKey', params: { key } } }));
    case 'invalid_type': {
      if (value === undefined) return [missingKey(path, [issue.expected])];
      // A message the schema wrote for this field says more than a generic one.
      if (!issue.message.startsWith('Invalid input')) return [{ path, message: issue.message, atKey: false }];
      return [expectedGot(path, [issue.expected], value)];
    }
    case 'invalid_value': {
      // An enum or a literal.
      const key = typeof path[path.length - 1] === 'string' ? String(path[path.length - 1]) : 'value';
      return [{ path, ...choice(key, issue.values, value), atKey: false }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, ...bounds(issue), atKey: false }];
    case 'invalid_union': {
      // A discriminated union whose `kind` (say) matched no option: zod lists the options.
      if (issue.discriminator !== undefined && 'options' in issue && issue.errors.length === 0) {
        return [{ path, ...choice(issue.discriminator, issue.options ?? [], value), atKey: false }];
      }
      const branches = issue.errors;
      // Every option rejected the value's type outright (e.g. `price: true`): say what would do.
      if (branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0)) {
        const expected = [...new Set(branches.map((b) => (b[0] as z.core.$ZodIssueInvalidType).expected as string))];
        if (value === undefined) return [missingKey(path, expected)];
        return [expectedGot(path, expected, value)];
      }
      // Otherwise the author most likely meant the option that came closest: the one with fewest complaints.
      const cost = (b: z.core.$ZodIssue[]) => b.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0);
      const closest = branches.reduce<z.core.$ZodIssue[] | undefined>((best, b) => (best === undefined || cost(b) < cost(best) ? b : best), undefined);
      if (closest) return closest.flatMap((i) => explain(i, path, raw));
      return [{ path, message: issue.message, atKey: false }];
    }
    case 'custom': {
      // The schema's own wordings; those that name their key and values (units.ts) can be translated.
      const { say, ...values } = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof say === 'string' && (SAY_KEYS as readonly string[]).includes(say)) {
        const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
        return [{ path, message: issue.message, atKey: false, say: { key: say as SayKey, params } }];
      }
      return [{ path, message: issue.message, atKey: false }];
    }
    default:
      return [{ path, message: issue.message, atKey: false }];
  }
}

type Said = { message: string; say?: Say };

function missingKey(path: Path, expected: string[]): Finding {
  const key = String(path[path.length - 1]);
  return { path, message: `missing key "${key}" (${orList(expected.map(noun))})`, atKey: false, say: { key: 'missingKey', params: { key, expected: expected.join('|') } } };
}

function expectedGot(path: Path, expected: string[], value: unknown): Finding {
  return { path, message: `expected ${orList(expected.map(noun))}, got ${describe(value)}`, atKey: false, say: { key: 'expected', params: { expected: expected.join('|'), ...got(value) } } };
}

/** A value outside a fixed set: `unknown kind "crush": expected one of crash, slow, …`. */
function choice(key: string, values: readonly unknown[], value: unknown): Said {
  const list = values.map(String).join(', ');
  const options = `${values.length > 1 ? 'one of ' : ''}${list}`;
  const params = { key, options: list };
  if (value === undefined) return { message: `missing key "${key}": ${options}`, say: { key: 'missingChoice', params } };
  if (value === null) return { message: `${key} is empty: write ${options}`, say: { key: 'emptyChoice', params } };
  if (typeof value === 'string') return { message: `unknown ${key} "${value}": expected ${options}`, say: { key: 'unknownChoice', params: { ...params, value } } };
  return { message: `${key} is ${options}, not ${describe(value)}`, say: { key: 'notChoice', params: { ...params, ...got(value) } } };
}

function bounds(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): Said {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const strict = issue.inclusive === false;
  if (issue.origin === 'array') {
    const n = small ? (strict ? limit + 1 : limit) : strict ? limit - 1 : limit;
    return { message: small ? `needs at least ${n} item(s)` : `holds at most ${n} item(s)`, say: { key: small ? 'atLeastItems' : 'atMostItems', params: { n } } };
  }
  if (issue.origin === 'string' && small && limit <= 1) return { message: 'must not be empty', say: { key: 'notEmpty', params: {} } };
  if (issue.origin === 'number' || issue.origin === 'int') {
    const key = small ? (strict ? 'moreThan' : 'atLeast') : strict ? 'lessThan' : 'atMost';
    const words = { moreThan: 'more than', atLeast: 'at least', lessThan: 'less than', atMost: 'at most' }[key];
    return { message: `must be ${words} ${limit}`, say: { key, params: { limit } } };
  }
  return { message: issue.message };
}

/** The value found, as `gotKind` and `got` params. */
function got(v: unknown): Record<string, string> {
  if (v === null) return { gotKind: 'empty', got: '' };
  if (Array.isArray(v)) return { gotKind: 'list', got: '' };
  if (typeof v === 'object') return { gotKind: 'mapping', got: '' };
  return { gotKind: 'value', got: describe(v) };
}

const NOUNS: Record<(typeof SAY_TYPES)[number], string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
};
const noun = (expected: string) => NOUNS[expected as keyof typeof NOUNS] ?? expected;
const orList = (items: string[]) => (items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

function describe(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/**
 * Source offset of the node at path. A missing key falls back to the nearest node that exists
 * (its map); with atKey, or when the value is empty, the key itself is the place to look.
 */
function locate(doc: Document, path: Path, atKey: boolean): number {
  let node: YamlNode | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length && node; i++) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    const seg = path[i]!;
    let next: YamlNode | null | undefined;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      next = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg] as YamlNode | undefined;
      if (next === undefined) break;
    } else break;
    const last = i === path.length - 1;
    const empty = next === null || (isScalar(next) && next.value === null);
    if (keyOffset !== undefined && ((last && atKey) || empty)) return keyOffset;
    node = next ?? null;
    offset = node?.range?.[0] ?? offset;
  }
  return offset;
}

/** The parser's message, with the likely fix for the mistakes people make by hand. */
function yamlMessage(e: YAMLError, text: string): Said {
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return { message: 'a scenario file holds one YAML document: remove the extra `---`', say: { key: 'yamlMultipleDocs', params: {} } };
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0]))![0].trim();
      return { message: `key "${key}" appears twice in the same mapping`, say: { key: 'yamlDuplicateKey', params: { key } } };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message: `${e.message}: put a value that contains ": " in quotes (title: "A: B"), or check this line's indentation`, say: { key: 'yamlColon', params: { message: e.message } } };
    case 'TAB_AS_INDENT':
      return { message: `${e.message}: indent with spaces`, say: { key: 'yamlTabs', params: {} } };
    default:
      return { message: e.message, say: { key: 'yaml', params: { message: e.message } } };
  }
}

/** In file order, each error once (a union can report the same fault through two options). */
function sortUnique(errors: ScenarioError[]): ScenarioError[] {
  const byKey = new Map(errors.map((e) => [`${e.line}:${e.column}:${e.path}:${e.message}`, e]));
  return [...byKey.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
