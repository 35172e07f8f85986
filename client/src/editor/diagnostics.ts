import { parseScenario, type Say, type ScenarioError } from '@twinlab/shared/scenario/parse';

export interface EditorDiagnostic {
  /** Offsets in the text: the whole line of the error, from its column. */
  from: number;
  to: number;
  line: number;
  column: number;
  path: string;
  /** "path: what", in English. */
  message: string;
  /** What, in English, without the path. */
  detail: string;
  /** What, as a key and values, for the reader's language (see words.ts). */
  say?: Say;
}

/** Offset of (line, column), both 1-based, in text; clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(offset + Math.max(0, column - 1), lineEnd);
}

/**
 * Validate scenario text as the server will (the shared parser and schema, drills included) and
 * place each error on its line for the editor: from its column to the end of that line.
 */
export function scenarioDiagnostics(text: string): EditorDiagnostic[] {
  const r = parseScenario(text, 'editor');
  if (r.ok) return [];
  return r.errors.map((e: ScenarioError) => {
    const from = offsetOf(text, e.line, e.column);
    const nl = text.indexOf('\n', from);
    const to = Math.max(from + 1, nl < 0 ? text.length : nl);
    const d: EditorDiagnostic = { from, to: Math.min(to, text.length), line: e.line, column: e.column, path: e.path, message: e.path ? `${e.path}: ${e.message}` : e.message, detail: e.message };
    if (e.say) d.say = e.say;
    return d;
  });
}
