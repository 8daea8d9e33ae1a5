/** What the controls, the player and the panels ask of the lab. */
import { useCallback, useMemo } from 'react';
import type { ExperimentConfig } from '../../core/config';
import type { BannerState } from '../Notices';
import type { LabActions } from '../panels/types';
import { currentRun } from '../store/runs';
import type { EngineHandle } from './useEngine';

export function useLabActions(
  { store, engine, createRun }: EngineHandle,
  stopPlan: () => void,
  notify: (banner: BannerState) => void,
) {
  /**
   * Changed settings (the user took over: any plan stops): more epochs continue the current run, anything
   * else starts a new one; the run's `change` says which.
   */
  const applyConfig = useCallback(
    (config: ExperimentConfig) => {
      stopPlan();
      void engine.current?.apply(config);
    },
    [engine, stopPlan],
  );
  const configNow = useCallback(() => currentRun(store.get())?.config, [store]);

  const actions: LabActions = useMemo(
    () => ({
      play: () => void engine.current?.api.play(),
      pause: () => void engine.current?.api.pause(),
      step: () => void engine.current?.api.stepEpoch(),
      reset: () => {
        stopPlan();
        const e = engine.current;
        const current = currentRun(store.get());
        if (!e || !current) return;
        if (current.source === 'bundle' || current.status === 'failed') return createRun(current.config);
        const id = e.nextId();
        store.dispatch({ type: 'runCreated', id, config: current.config, label: `run ${id}` });
        void e.api.reset(id);
      },
      restoreLastFinite: () => void engine.current?.api.restoreLastFinite(),
      restartWith: (change) => {
        const c = configNow();
        if (c) applyConfig(change(c));
      },
      runAnalysis: async (id, settings) => void (await engine.current?.analyse(id, settings)),
      continueBy: (epochs) => {
        stopPlan();
        void engine.current?.continueBy(epochs);
      },
    }),
    [applyConfig, configNow, createRun, engine, stopPlan, store],
  );

  /** The same settings with a new random seed. */
  const regenerate = useCallback(() => {
    const c = configNow();
    if (c) applyConfig({ ...c, seed: 1 + Math.floor(Math.random() * 2147483646) });
  }, [applyConfig, configNow]);

  /** Shows a kept run in the lab again (from the runs bar). */
  const showRun = useCallback(
    async (id: number) => {
      const e = engine.current;
      if (!e) return;
      stopPlan();
      if (await e.api.activate(id)) store.dispatch({ type: 'select', id });
      else
        notify({
          tone: 'warn',
          title:
            'That run’s weights are no longer in memory: its curves stay in the comparison, but it cannot be shown in the lab again.',
          items: [],
        });
    },
    [engine, notify, stopPlan, store],
  );

  return { actions, applyConfig, regenerate, showRun };
}
