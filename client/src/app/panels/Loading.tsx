import type { JSX } from 'react';

export function Loading({ text }: { text: string }): JSX.Element {
  return (
    <div className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {text}
    </div>
  );
}
