import { useState } from 'react';
import type { Workspace } from '../domain/workspace.ts';
import { readBundle, writeBundle, type WorkspaceBundle } from '../io/workspace-bundle.ts';
import type { NrdDatabase } from '../store/database.ts';
import { applyBundleImport, planBundleImport, readWorkspaceBundle, type BundlePlan, type ConflictChoice, type ImportSummary } from '../store/workspace-bundle-store.ts';
import { download } from './use-register-actions.ts';

/** Where opening a bundle has got to: each step is shown to the user before anything is written. */
export type BundleStep =
  | { step: 'idle' }
  | { step: 'working'; message: string }
  | { step: 'refused'; file: string; message: string }
  | { step: 'plan'; file: string; bundle: WorkspaceBundle; plan: BundlePlan }
  | { step: 'done'; file: string; summary: ImportSummary };

/** A file name from a workspace's name and the day: "sample-avon-and-somerset-bath-2026-11-25.nrdplanner.zip". */
export function bundleFileName(workspace: Workspace, now: Date): string {
  const slug = workspace.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
  return `${slug}-${now.toISOString().slice(0, 10)}.nrdplanner.zip`;
}

/**
 * Saving the whole workspace as one bundle file, and opening one: read and checked first, then the
 * user sees what it would replace or which items clash, and chooses before anything is written.
 */
export function useWorkspaceBundle(db: NrdDatabase, workspace: Workspace | undefined) {
  const [state, setState] = useState<BundleStep>({ step: 'idle' });
  return {
    state,
    exportBundle: async () => {
      if (!workspace) return;
      setState({ step: 'working', message: 'Writing the workspace bundle' });
      try {
        const bytes = await writeBundle(await readWorkspaceBundle(db, workspace.id));
        download(bundleFileName(workspace, new Date()), 'application/zip', bytes as Uint8Array<ArrayBuffer>);
        setState({ step: 'idle' });
      } catch (failure) {
        setState({ step: 'refused', file: workspace.name, message: `The bundle could not be written: ${failure instanceof Error ? failure.message : String(failure)}` });
      }
    },
    openBundle: async (file: File) => {
      setState({ step: 'working', message: `Reading ${file.name}` });
      const read = await readBundle(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) {
        setState({ step: 'refused', file: file.name, message: read.message });
        return;
      }
      setState({ step: 'plan', file: file.name, bundle: read.bundle, plan: await planBundleImport(db, read.bundle) });
    },
    apply: async (choices: Record<string, ConflictChoice>) => {
      if (state.step !== 'plan') return;
      const { file, bundle, plan } = state;
      setState({ step: 'working', message: `Importing ${file}` });
      try {
        setState({ step: 'done', file, summary: await applyBundleImport(db, bundle, plan, choices) });
      } catch (failure) {
        setState({ step: 'refused', file, message: failure instanceof Error ? failure.message : String(failure) });
      }
    },
    close: () => setState({ step: 'idle' }),
  };
}
