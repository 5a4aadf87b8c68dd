/** A ring of [x, y] vertices in grid metres, not closed (the first vertex is not repeated). */
export type Ring = [number, number][];

/** Signed area by the shoelace formula: positive when the ring runs anticlockwise. */
export function signedRingArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return twice / 2;
}

export const ringArea = (ring: Ring): number => Math.abs(signedRingArea(ring));

/**
 * The part of `subject` (any simple ring, convex or not) inside `convex` (a convex ring, either way
 * round): Sutherland–Hodgman, one pass per edge of the convex ring. Where the subject is not convex the
 * result can run along the clip edge and back, which adds no area, so its area is exact; its shape is
 * not fit for drawing. A coverage sector of up to 180° is convex, which is why the privacy figures can
 * use this instead of general polygon clipping.
 */
export function clipToConvex(subject: Ring, convex: Ring): Ring {
  const orientation = Math.sign(signedRingArea(convex)) || 1;
  let output = subject;
  for (let i = 0; i < convex.length && output.length > 0; i++) {
    const [ax, ay] = convex[i]!;
    const [bx, by] = convex[(i + 1) % convex.length]!;
    // > 0 on the inside of edge a→b for an anticlockwise clip ring; flipped for a clockwise one.
    const side = (x: number, y: number) => orientation * ((bx - ax) * (y - ay) - (by - ay) * (x - ax));
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const current = input[j]!;
      const previous = input[(j + input.length - 1) % input.length]!;
      const sc = side(current[0], current[1]);
      const sp = side(previous[0], previous[1]);
      if (sc >= 0) {
        if (sp < 0) output.push(crossing(previous, current, sp, sc));
        output.push(current);
      } else if (sp >= 0) {
        output.push(crossing(previous, current, sp, sc));
      }
    }
  }
  return output;
}

function crossing(p: [number, number], q: [number, number], sp: number, sq: number): [number, number] {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}
