import { DATABASE_NAME } from '../store/database.ts';

/** Typed arrays become tagged plain arrays so an export of layer columns survives JSON. */
function exportable(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return { typedArray: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) };
  }
  return value;
}

/**
 * Reads whatever the database still holds without Dexie or the app's schema (which may be what
 * fails), store by store, so one unreadable table does not lose the rest.
 */
export async function exportReadableData(): Promise<Blob> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tables: Record<string, unknown> = {};
  const unreadable: Record<string, string> = {};
  try {
    for (const name of Array.from(db.objectStoreNames)) {
      try {
        tables[name] = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      } catch (error) {
        unreadable[name] = String(error);
      }
    }
  } finally {
    db.close();
  }
  const content = { exportedAt: new Date().toISOString(), database: DATABASE_NAME, version: db.version, tables, unreadable };
  return new Blob([JSON.stringify(content, exportable)], { type: 'application/json' });
}

export async function deleteDatabase(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DATABASE_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('Another tab still has NRD Planner open. Close it, then try again.'));
  });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
