import { describe, expect, it } from 'vitest';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { EMPTY_HISTORY, recordEdit, recordRedo, recordUndo, reversed, type SiteEdit } from './edit-history.ts';

const a = exampleSite({ revision: 1 });
const b = { ...a, bearingDegrees: 180, revision: 2 };
const c = exampleSite({ id: 'site-2', reference: 'S2', revision: 1 });
const turn: SiteEdit = { label: 'Turn S1', changes: [{ before: a, after: b }] };
const add: SiteEdit = { label: 'Add S2', changes: [{ before: null, after: c }] };

describe('edit history', () => {
  it('undoes the newest edit first, and a new edit clears what could be redone', () => {
    let history = recordEdit(recordEdit(EMPTY_HISTORY, turn), add);
    expect(history.undo.at(-1)).toBe(add);
    history = recordUndo(history, { label: add.label, changes: reversed(add) });
    expect(history.undo).toEqual([turn]);
    expect(history.redo).toHaveLength(1);
    expect(recordEdit(history, turn).redo).toEqual([]);
  });

  it('reverses every change of a step, the last first, so a batch comes back whole', () => {
    const batch: SiteEdit = { label: 'Import', changes: [{ before: a, after: b }, { before: null, after: c }] };
    expect(reversed(batch)).toEqual([
      { before: c, after: null },
      { before: b, after: a },
    ]);
  });

  it('moves a step back onto the undo stack when it is redone', () => {
    const undone = recordUndo(recordEdit(EMPTY_HISTORY, turn), { label: turn.label, changes: reversed(turn) });
    const redone = recordRedo(undone, turn);
    expect(redone).toEqual({ undo: [turn], redo: [] });
  });

  it('keeps the newest 200 steps', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < 205; i++) history = recordEdit(history, { label: `Edit ${i}`, changes: [] });
    expect(history.undo).toHaveLength(200);
    expect(history.undo[0]!.label).toBe('Edit 5');
  });
});
