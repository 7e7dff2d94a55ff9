// Seeded uniform [0, 1) numbers, the same on every machine: starting values for training
// (`solve --seed`), the shipped workbooks' initial factors, benchmark data.

/** mulberry32: a small 32-bit generator, good enough for starting values and fully repeatable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
