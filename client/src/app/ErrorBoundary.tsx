import { Component, type ErrorInfo, type JSX, type ReactNode } from 'react';
import { useT } from './i18n/use-i18n.ts';

/** A page that throws while rendering shows what happened and a way back, not a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('TwinLab page error', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.error ? <Crashed message={this.state.error.message} /> : this.props.children;
  }
}

function Crashed({ message }: { message: string }): JSX.Element {
  const t = useT();
  return (
    <main className="card crashed" role="alert" data-testid="crashed">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.text', { message })}</p>
      <button onClick={() => location.reload()}>{t('crash.reload')}</button>
    </main>
  );
}
