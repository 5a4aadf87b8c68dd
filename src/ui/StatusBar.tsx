import { formatBytes, type StorageStatus } from '../store/storage-status.ts';

export function StatusBar({ storage }: { storage: StorageStatus | null }) {
  return (
    <footer className="status-bar">
      <span>Data stays in this browser (IndexedDB). Nothing is sent anywhere.</span>
      {storage && (
        <span>
          Storage used: {storage.usageBytes === null ? 'unknown' : formatBytes(storage.usageBytes)}
          {storage.quotaBytes !== null && ` of ${formatBytes(storage.quotaBytes)} available`}
          {' · '}
          {storage.persistent ? 'Persistent: the browser will not clear it' : 'Not persistent: the browser may clear it when disk space runs low'}
        </span>
      )}
    </footer>
  );
}
