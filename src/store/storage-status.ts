export interface StorageStatus {
  persistent: boolean;
  usageBytes: number | null;
  quotaBytes: number | null;
}

/**
 * Asks the browser to keep this origin's data under storage pressure: without it, a laptop short of
 * disk may evict the workspace. The answer is shown to the user, never assumed.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  return (await navigator.storage.persisted()) || (await navigator.storage.persist());
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const persistent = (await navigator.storage?.persisted?.()) ?? false;
  const estimate = (await navigator.storage?.estimate?.()) ?? {};
  return { persistent, usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
