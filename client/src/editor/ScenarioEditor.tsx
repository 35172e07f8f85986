import { useEffect, useRef, useState, type JSX } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { yCollab } from 'y-codemirror.next';
import * as Y from 'yjs';
import { sessionParts } from '@twinlab/shared/session/layout';
import type { SessionClient } from '../app/session/session.ts';
import { useStore } from '../app/store/use-store.ts';
import { useT } from '../app/i18n/use-i18n.ts';
import type { MessageKey } from '../app/i18n/i18n.ts';
import { scenarioDiagnostics, type EditorDiagnostic } from './diagnostics.ts';
import { scenarioErrorText } from './words.ts';
import { drillApi } from '../drill/api.ts';
import { useErrorText } from '../app/api/error-text.ts';
import { Dialog } from '../app/panels/Dialog.tsx';

/** A status line kept as key and values, so it follows a switch of language. */
type Status = { key: MessageKey; params?: Record<string, string | number> };

/**
 * The lead's editor of the session's scenario (or drill): CodeMirror bound to the document's
 * scenario text with y-codemirror.next, so every lead edits the same text live; the shared
 * parser checks it as they type and marks each error at its line. Run it as a new session, or
 * save it as a new version on the server.
 */
/** A diagnostic in the reader's language, with the path it is about. */
function said(d: EditorDiagnostic, tr: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  const what = scenarioErrorText(tr, { message: d.detail, ...(d.say ? { say: d.say } : {}) });
  return d.path ? `${d.path}: ${what}` : what;
}

export function ScenarioEditor({
  client,
  token,
  sessionId,
  onClose,
  onRun,
}: {
  client: SessionClient;
  token: string;
  sessionId: string;
  onClose: () => void;
  onRun: (id: string, token: string) => void;
}): JSX.Element {
  const t = useT();
  const errorText = useErrorText();
  const host = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<EditorDiagnostic[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const viewRef = useRef<EditorView | null>(null);
  const meta = useStore(client.store, (s) => s.meta);
  const readOnly = client.role !== 'lead';
  // The lint runs in CodeMirror's listener, set up once: it reads the current language from here.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!host.current) return;
    const { doc, awareness } = client.shared;
    const text = sessionParts(doc).scenario;
    awareness.setLocalStateField('user', { name: client.name, color: '#3b82f6', colorLight: '#3b82f633' });
    // Checked on every change (debounced) and pushed as the editor's diagnostics directly, so the
    // marks always belong to the text now shown, however the change arrived (typed or a co-author's).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const relint = (v: EditorView) => {
      const found = scenarioDiagnostics(v.state.doc.toString());
      setErrors(found);
      v.dispatch(
        setDiagnostics(
          v.state,
          found.map((d): Diagnostic => ({ from: d.from, to: d.to, severity: 'error', message: said(d, tRef.current) })),
        ),
      );
    };
    const check = EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      clearTimeout(timer);
      timer = setTimeout(() => relint(u.view), 250);
    });
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          basicSetup,
          yaml(),
          yCollab(text, awareness, { undoManager: new Y.UndoManager(text) }),
          lintGutter(),
          check,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.lineWrapping,
        ],
      }),
    });
    relint(view);
    viewRef.current = view;
    (globalThis as { __twinlabEditor?: EditorView }).__twinlabEditor = view; // for the end-to-end tests
    return () => {
      clearTimeout(timer);
      view.destroy();
    };
  }, [client, readOnly]);

  /** CodeMirror draws only the lines in view: bring an error's line there and put the cursor on it. */
  const show = (d: EditorDiagnostic) => {
    const view = viewRef.current;
    if (!view) return;
    const at = Math.min(d.from, view.state.doc.length);
    view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    view.focus();
  };

  const run = async () => {
    setStatus({ key: 'editor.starting' });
    try {
      const created = await drillApi.createFromText(sessionParts(client.shared.doc).scenario.toString(), client.name);
      onRun(created.session.id, created.token);
    } catch (e) {
      setStatus({ key: 'error.any', params: { message: errorText(e) } });
    }
  };
  const save = async () => {
    try {
      const r = await drillApi.saveVersion(sessionId, token);
      setStatus({ key: 'editor.saved', params: { id: r.version.scenarioId, version: r.version.version } });
    } catch (e) {
      setStatus({ key: 'error.any', params: { message: errorText(e) } });
    }
  };

  return (
    <Dialog className="editor-overlay" label={t('editor.title')} onClose={onClose} data-testid="scenario-editor">
      <div className="card editor">
        <header className="row">
          <h2>{meta?.scenarioId ? t(readOnly ? 'editor.readOnly' : 'editor.heading', { id: meta.scenarioId }) : t('editor.title')}</h2>
          <span className="spacer" />
          <button data-testid="editor-run" disabled={errors.length > 0} onClick={() => void run()}>
            {t('editor.run')}
          </button>
          <button data-testid="editor-save" disabled={errors.length > 0 || readOnly} onClick={() => void save()}>
            {t('editor.save')}
          </button>
          <button onClick={onClose}>{t('editor.close')}</button>
        </header>
        <div className="cm-host" ref={host} />
        <ul className="editor-errors" data-testid="editor-errors" data-count={errors.length}>
          {errors.map((e, i) => (
            <li key={i} className="error" data-testid="editor-error" data-line={e.line}>
              <button className="link" onClick={() => show(e)}>
                {t('editor.line', { line: e.line, column: e.column })}
              </button>{' '}
              {said(e, t)}
            </li>
          ))}
        </ul>
        {status && <p data-testid="editor-status">{t(status.key, status.params)}</p>}
      </div>
    </Dialog>
  );
}
