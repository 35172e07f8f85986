import * as Y from 'yjs';

/**
 * Whether applying `update` to `doc` would change nothing: every struct it carries is already
 * in the document and every range it deletes is already deleted. A joining participant's sync
 * answer is such an update; anything else from an observer is a write, refused without applying
 * it anywhere (so nothing has to be rebuilt afterwards).
 */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const s of structs) {
    if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return false;
  }
  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len === 0) continue;
      if (!known || clock + len > Y.getState(doc.store, client)) return false;
      for (let i = Y.findIndexSS(known, clock); i < known.length && known[i]!.id.clock < clock + len; i++) {
        if (!known[i]!.deleted) return false;
      }
    }
  }
  return true;
}
