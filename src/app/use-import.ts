import { useCallback, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import type { LayerKind } from '../domain/layer.ts';
import { layerRecord } from './layer-record.ts';
import type { ImportProgress, ImportQuestion } from '../io/format-driver.ts';
import type { ImportJob, PlannedFile } from '../io/import-plan.ts';
import type { ImportReport } from '../io/import-report.ts';
import type { NrdDatabase } from '../store/database.ts';
import { addImport, readSites } from '../store/workspace-store.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { SiteEdit } from './edit-history.ts';
import { admitToRegister } from './register-import.ts';
import { startImportSession, type ImportSession } from '../workers/import-worker-client.ts';

export interface ImportedSummary {
  layerName: string;
  /** A map layer of this kind, or sites added to the NRD register. */
  kind: LayerKind | 'register';
  count: number;
  reports: ImportReport[];
}

export type ImportState =
  | { step: 'idle' }
  | { step: 'planning'; files: File[] }
  | { step: 'planned'; files: File[]; planned: PlannedFile[]; jobs: ImportJob[] }
  | { step: 'running'; files: File[]; jobs: ImportJob[]; progress: ImportProgress | null; startedAt: number; choices: Record<string, string> }
  | { step: 'question'; files: File[]; jobs: ImportJob[]; question: ImportQuestion; choices: Record<string, string> }
  | { step: 'failed'; message: string }
  | { step: 'done'; layers: ImportedSummary[] };

/**
 * The import as steps a user can follow: what each file was taken to be, the reading (in a worker,
 * with progress and cancel), any question only they can answer, and the report. Layers are stored
 * only when every file has been read, in one transaction: a failure, a cancel or a reload stores nothing.
 */
export function useImport(db: NrdDatabase, workspace: Workspace | undefined, onSitesImported: (edit: SiteEdit) => void) {
  const workspaceId = workspace?.id;
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const session = useRef<ImportSession | null>(null);

  const endSession = () => {
    session.current?.cancel();
    session.current = null;
  };

  const chooseFiles = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    endSession();
    setState({ step: 'planning', files });
    session.current = startImportSession();
    try {
      const plan = await session.current.worker.plan(files);
      setState({ step: 'planned', files, planned: plan.files, jobs: plan.jobs });
    } catch (error) {
      setState({ step: 'failed', message: `The files could not be opened: ${error instanceof Error ? error.message : String(error)}` });
    }
  }, []);

  const run = useCallback(
    async (files: File[], jobs: ImportJob[], choices: Record<string, string>) => {
      if (!workspaceId) return;
      const startedAt = performance.now();
      setState({ step: 'running', files, jobs, progress: null, startedAt, choices });
      session.current ??= startImportSession();
      const current = session.current;
      const onProgress = Comlink.proxy((progress: ImportProgress) => {
        setState((state) => (state.step === 'running' && session.current === current ? { ...state, progress } : state));
      });
      const outcome = await current.worker.run(files, jobs, choices, onProgress);
      if (session.current !== current) return; // cancelled meanwhile
      if (outcome.status === 'question') {
        setState({ step: 'question', files, jobs, question: outcome.question, choices });
        return;
      }
      endSession();
      if (outcome.status === 'failed') {
        setState({ step: 'failed', message: outcome.message });
        return;
      }
      const importedAt = new Date().toISOString();
      const layers = outcome.layers.map((imported) => ({ imported, layer: layerRecord(imported, workspaceId, importedAt) }));
      let registerSummaries: ImportedSummary[] = [];
      try {
        const register = admitToRegister(outcome.registers, await readSites(db, workspaceId), {
          workspaceId,
          forceArea: workspace?.forceArea ?? '',
          now: importedAt,
          newId: () => crypto.randomUUID(),
        });
        const stored = await addImport(db, layers.map(({ imported, layer }) => ({ layer, data: imported.data })), register.sites);
        registerSummaries = outcome.registers.map((imported, i) => {
          const reports = register.reports[i]!;
          return { layerName: imported.layerName, kind: 'register', count: reports.reduce((sum, report) => sum + report.rowsImported, 0), reports };
        });
        if (stored.length > 0) onSitesImported({ label: `Import ${stored.length} ${stored.length === 1 ? 'site' : 'sites'} into the register`, changes: stored.map((site) => ({ before: null, after: site })) });
      } catch (error) {
        setState({ step: 'failed', message: `Nothing was stored: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      setState({
        step: 'done',
        layers: [
          ...layers.map(({ imported, layer }) => ({ layerName: layer.name, kind: layer.kind, count: layer.rowCounts.imported, reports: imported.reports })),
          ...registerSummaries,
        ],
      });
    },
    [db, workspaceId, workspace?.forceArea, onSitesImported],
  );

  const cancel = useCallback(() => {
    endSession();
    setState({ step: 'idle' });
  }, []);

  return { state, chooseFiles, run, cancel };
}
