import { isMap, isSeq, parseDocument } from 'yaml';

/** What a sealed hint says in place of its text. */
export const SEALED_HINT = '（提示内容在服务器上：向服务器请求后显示） (the hint is kept on the server: ask for it)';

/**
 * A drill's text as its trainee's session holds it: every hint's text replaced by SEALED_HINT.
 * Everyone in a session can read its scenario text (the lab shows it, and it is in the shared
 * document), so a hint written there could be read for free; the server serves the texts from
 * the drill file, and charges for them. Costs, timings and objectives stay, so grading is the same.
 */
export function sealHints(text: string): string {
  const doc = parseDocument(text);
  const hints = doc.getIn(['drill', 'hints']);
  if (!isSeq(hints) || hints.items.length === 0) return text;
  hints.items.forEach((hint, i) => {
    if (isMap(hint) && hint.has('text')) doc.setIn(['drill', 'hints', i, 'text'], SEALED_HINT);
  });
  return doc.toString({ lineWidth: 0 });
}
