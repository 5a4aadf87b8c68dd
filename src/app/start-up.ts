import { openCheckedDatabase, type NrdDatabase } from '../store/database.ts';
import { getActiveWorkspaceId, getSetting, replaceActiveWorkspace, setSetting } from '../store/workspace-store.ts';
import { buildSampleWorkspace } from './sample-workspace.ts';
import { requestPersistentStorage } from '../store/storage-status.ts';

const SAMPLE_OFFERED = 'sampleLoadedOnFirstStart';

/**
 * Opens the database and, on the very first start in this browser, loads the bundled sample. A reload
 * while the sample loads leaves nothing half-written: it is stored in one transaction.
 */
export async function startUp(onProgress: (message: string) => void): Promise<NrdDatabase> {
  onProgress('Opening the workspace database');
  const db = await openCheckedDatabase();
  void requestPersistentStorage();
  if (!(await getSetting<boolean>(db, SAMPLE_OFFERED)) && !(await getActiveWorkspaceId(db))) {
    const sample = await buildSampleWorkspace(onProgress);
    onProgress('Saving the sample workspace in this browser');
    await replaceActiveWorkspace(db, sample);
    await setSetting(db, SAMPLE_OFFERED, true);
  }
  return db;
}
