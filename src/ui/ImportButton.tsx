import { useRef } from 'react';

export const IMPORTABLE_EXTENSIONS = '.csv,.txt,.tsv,.json,.geojson,.topojson,.zip';

/** A button that opens the file picker; the input itself stays out of sight and out of the tab order. */
export function ImportButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="primary" onClick={() => input.current?.click()} disabled={disabled}>
        Import files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORTABLE_EXTENSIONS}
        hidden
        data-testid="import-file-input"
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
    </>
  );
}
