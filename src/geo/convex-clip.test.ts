import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { clipToConvex, ringArea, signedRingArea, type Ring } from './convex-clip.ts';

const square = (x: number, y: number, size: number): Ring => [[x, y], [x + size, y], [x + size, y + size], [x, y + size]];

describe('clipping to a convex ring', () => {
  it('measures rings by the shoelace formula, with their orientation', () => {
    expect(signedRingArea(square(0, 0, 10))).toBe(100);
    expect(signedRingArea([...square(0, 0, 10)].reverse())).toBe(-100);
  });

  it('keeps the overlap of two squares, hand-checked, whichever way either runs', () => {
    const a = square(0, 0, 10);
    const b = square(5, 5, 10);
    expect(ringArea(clipToConvex(a, b))).toBe(25);
    expect(ringArea(clipToConvex([...a].reverse(), b))).toBe(25);
    expect(ringArea(clipToConvex(a, [...b].reverse()))).toBe(25);
    expect(clipToConvex(a, square(20, 20, 5))).toEqual([]);
    expect(ringArea(clipToConvex(square(2, 2, 1), a))).toBe(1);
  });

  it('gives the exact area for a non-convex subject, as a general clipper does', () => {
    // An L shape (area 75) against a triangle: checked against polygon-clipping (Martinez–Rueda).
    const l: Ring = [[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10]];
    const triangle: Ring = [[-1, -1], [12, -1], [-1, 12]];
    const general = polygonClipping.intersection([[...l, l[0]!]], [[...triangle, triangle[0]!]]);
    const generalArea = general.reduce((sum, polygon) => sum + polygon.reduce((s, ring, k) => s + (k === 0 ? 1 : -1) * ringArea(ring.slice(0, -1) as Ring), 0), 0);
    expect(ringArea(l)).toBe(75);
    expect(ringArea(clipToConvex(l, triangle))).toBeCloseTo(generalArea, 9);
  });
});
