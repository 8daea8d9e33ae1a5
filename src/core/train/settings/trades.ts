import { z } from 'zod';
import { num } from '../../schema-numbers';
import { settingsSection } from './section';

/** TRADES' trade-off β (docs/methods/attacks.md#trades; docs/methods/attacks.md#defaults: 1 on MNIST, 1–6 on moons). */
const TradesSchema = z.object({
  beta: num(0, 100, 1),
});
export type TradesConfig = z.infer<typeof TradesSchema>;

export const tradesSettings = settingsSection('trades', TradesSchema);
