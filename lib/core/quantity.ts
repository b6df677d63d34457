/** Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`), parsed to plain numbers. */

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** The value of a quantity (cores for CPU, bytes for memory), or `undefined` when it is malformed. */
export function parseQuantity(quantity: string): number | undefined {
  const m = QUANTITY.exec(quantity);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * SUFFIX[m[3] ?? ''];
}

const GiB = 2 ** 30;

/** A quantity in GiB, or `undefined` when it is malformed. */
export function quantityGiB(quantity: string): number | undefined {
  const v = parseQuantity(quantity);
  return v === undefined ? undefined : v / GiB;
}
