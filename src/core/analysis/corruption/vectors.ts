/** Reading corruption vectors back as plain data for results and the run bundle. */
import type * as tf from '../../tf';
import { type ParamValues, readValues } from '../../params';

/** Reads several parameter-shaped lists with one transfer; one ParamValues (Float32Array per tensor) each. */
export async function readVectors(lists: readonly (readonly tf.Tensor[])[]): Promise<ParamValues[]> {
  if (lists.length === 0) return [];
  const flat = await readValues(lists.flat());
  return lists.map((list, j) => flat.slice(j * list.length, (j + 1) * list.length));
}
