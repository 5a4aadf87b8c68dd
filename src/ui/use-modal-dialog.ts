import { useEffect, useRef } from 'react';

/** A <dialog> shown modal while the component is mounted: the browser traps focus in it and Escape cancels. */
export function useModalDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    return () => element.close();
  }, []);
  return dialog;
}
