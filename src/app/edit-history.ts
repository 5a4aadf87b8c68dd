import type { SiteChange } from '../store/site-store.ts';

/** One undoable step as it was saved: each change's `after` is the record as stored (null if deleted). */
export interface SiteEdit {
  label: string;
  changes: SiteChange[];
}

export interface EditHistory {
  undo: SiteEdit[];
  redo: SiteEdit[];
}

export const EMPTY_HISTORY: EditHistory = { undo: [], redo: [] };

/** Steps kept; older ones fall off the bottom. */
const LIMIT = 200;

/** The changes that take an edit back: each one the other way round, the last first. */
export function reversed(edit: SiteEdit): SiteChange[] {
  return edit.changes.map(({ before, after }) => ({ before: after, after: before })).reverse();
}

/** A new edit: it can be undone, and whatever had been undone can no longer be redone. */
export function recordEdit(history: EditHistory, edit: SiteEdit): EditHistory {
  return { undo: [...history.undo, edit].slice(-LIMIT), redo: [] };
}

/** After the top undo step was taken back; `applied` is what that saved, which redo reverses in turn. */
export function recordUndo(history: EditHistory, applied: SiteEdit): EditHistory {
  return { undo: history.undo.slice(0, -1), redo: [...history.redo, applied] };
}

export function recordRedo(history: EditHistory, applied: SiteEdit): EditHistory {
  return { undo: [...history.undo, applied], redo: history.redo.slice(0, -1) };
}
