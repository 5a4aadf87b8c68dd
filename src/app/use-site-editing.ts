import { useCallback, useEffect, useRef, useState } from 'react';
import type { Site } from '../domain/site.ts';
import type { NrdDatabase } from '../store/database.ts';
import { applySiteChanges, SiteEditConflict, type SiteChange } from '../store/site-store.ts';
import { EMPTY_HISTORY, recordEdit, recordRedo, recordUndo, reversed, type EditHistory, type SiteEdit } from './edit-history.ts';

/** What went wrong with the last save; a conflict can be settled by the user, anything else only read. */
export type EditProblem =
  | { kind: 'conflict'; label: string; conflict: SiteEditConflict; overwrite: () => void; discard: () => void }
  | { kind: 'error'; message: string };

export interface SiteEditing {
  /** Saves an edit at once and records it for undo; resolves to the sites as stored, or null if nothing was saved. */
  edit(label: string, changes: SiteChange[]): Promise<(Site | null)[] | null>;
  /** Records an edit saved elsewhere (an import's sites, stored with its layers) so that it can be undone. */
  record(edit: SiteEdit): void;
  undo(): void;
  redo(): void;
  undoLabel: string | null;
  redoLabel: string | null;
  /** What the last action did, for a status line screen readers announce. */
  lastAction: string | null;
  problem: EditProblem | null;
  dismissProblem(): void;
}

type Direction = 'do' | 'undo' | 'redo';

/**
 * Every register edit goes through here: saved straight away, undoable with Ctrl+Z / Ctrl+Shift+Z,
 * and never silently lost when another tab saved the same site meanwhile (SiteEditConflict).
 */
export function useSiteEditing(db: NrdDatabase, workspaceId: string | undefined): SiteEditing {
  const [history, setHistory] = useState<EditHistory>(EMPTY_HISTORY);
  // The history as the queue sees it: a queued undo must find the edit the save before it recorded,
  // which React state shows only after the next render.
  const historyRef = useRef(history);
  const updateHistory = useCallback((update: (current: EditHistory) => EditHistory) => {
    historyRef.current = update(historyRef.current);
    setHistory(historyRef.current);
  }, []);
  const [problem, setProblem] = useState<EditProblem | null>(null);
  const [lastAction, setLastAction] = useState<string | null>(null);
  // Saves run one after another: an edit made while another is saving (Enter in one field, then
  // straight on to the next) waits its turn rather than being dropped.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const enqueue = useCallback(<T,>(task: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(task, task);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  // Another workspace has other sites: its history would undo nothing that is on screen.
  useEffect(() => updateHistory(() => EMPTY_HISTORY), [workspaceId]);

  const run = useCallback(
    async (direction: Direction, label: string, changes: SiteChange[], overwrite = false): Promise<(Site | null)[] | null> => {
      try {
        const saved = await applySiteChanges(db, changes, new Date().toISOString(), { overwrite });
        const applied: SiteEdit = { label, changes: changes.map((change, i) => ({ before: change.before, after: saved[i] ?? null })) };
        updateHistory((current) => (direction === 'do' ? recordEdit(current, applied) : direction === 'undo' ? recordUndo(current, applied) : recordRedo(current, applied)));
        setLastAction(direction === 'do' ? label : `${direction === 'undo' ? 'Undone' : 'Redone'}: ${label}`);
        setProblem(null);
        return saved;
      } catch (error) {
        if (error instanceof SiteEditConflict) {
          setProblem({
            kind: 'conflict',
            label,
            conflict: error,
            overwrite: () => void enqueue(() => run(direction, label, changes, true)),
            // Keep theirs: an undo or redo that clashed leaves the history, as it can no longer apply.
            discard: () => {
              if (direction !== 'do') updateHistory((current) => (direction === 'undo' ? { ...current, undo: current.undo.slice(0, -1) } : { ...current, redo: current.redo.slice(0, -1) }));
              setProblem(null);
            },
          });
        } else {
          setProblem({ kind: 'error', message: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
        }
        return null;
      }
    },
    [db, enqueue, updateHistory],
  );

  const edit = useCallback((label: string, changes: SiteChange[]) => enqueue(() => run('do', label, changes)), [enqueue, run]);
  // The edit undone or redone is the one on top when its turn comes, not when the key was pressed.
  const step = useCallback(
    (direction: 'undo' | 'redo') =>
      void enqueue(async () => {
        const top = historyRef.current[direction].at(-1);
        if (top) await run(direction, top.label, reversed(top));
      }),
    [enqueue, run],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== 'z' && key !== 'y') return;
      // Inside a text box the browser's own undo works on the text being typed.
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      if (key === 'y' || event.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [undo, redo]);

  const record = useCallback((applied: SiteEdit) => {
    updateHistory((current) => recordEdit(current, applied));
    setLastAction(applied.label);
  }, [updateHistory]);

  return {
    edit,
    record,
    undo,
    redo,
    undoLabel: history.undo.at(-1)?.label ?? null,
    redoLabel: history.redo.at(-1)?.label ?? null,
    lastAction,
    problem,
    dismissProblem: () => setProblem(null),
  };
}
