import { useEffect, useRef, type JSX, type ReactNode } from 'react';

export interface DialogProps {
  label: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  [data: `data-${string}`]: string | number | undefined;
}

/**
 * A native modal <dialog>: the browser traps focus inside it, makes the page behind inert and
 * turns Esc into `cancel`, which closes it; focus goes back to where it was when it closes.
 * A click on the backdrop (the dialog element itself, outside its content) closes it too.
 */
export function Dialog({ label, onClose, children, className, ...data }: DialogProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    return () => {
      if (d.open) d.close();
      back?.focus();
    };
  }, []);
  return (
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- the backdrop click is a mouse shortcut; Esc is the keyboard's way
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault();
        close.current();
      }}
      onClick={(e) => e.target === ref.current && close.current()}
      {...data}
    >
      {children}
    </dialog>
  );
}
