import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentConfig } from '../core/config';
import { readBundleFile } from './bundle';
import { ComparisonView } from './compare/ComparisonView';
import { RunsBar } from './compare/RunsBar';
import {
  type Plan,
  type PlanAnalysis,
  PlanStopped,
  type SequenceStatus,
  analyseRuns,
  runPlan,
} from './compare/sequence';
import { BackendBadge } from './controls/BackendBadge';
import { ConfigControls } from './controls/ConfigControls';
import { Player } from './controls/Player';
import { type Engine, startEngine } from './engine';
import { downloadText, stamp } from './export';
import { Explanations } from './Explanations';
import { OpenDocContext } from './docs/DocLink';
import type { DocRef } from './docs/pages';
import { LESSONS } from '../core/lessons/registry';
import {
  type LessonPosition,
  lessonHash,
  positionConfig,
  positionPlan,
  readLessonHash,
} from './lessons/lesson-link';
import { LessonPlayer, highlightedPanels } from './lessons/LessonPlayer';
import { Banner, type BannerState, DivergenceNotice, RunErrors, UnstableNotice, linkBanner } from './Notices';
import { LiveStatus } from './a11y/LiveStatus';
import { SkipLinks } from './a11y/SkipLinks';
import { FieldProblems } from './controls/field-problems';
import { HighlightContext } from './panels/highlight';
import { PanelFrame } from './panels/PanelFrame';
import { panelsFor } from './panels/registry';
import type { LabActions, PanelColumn } from './panels/types';
import { PresetGallery } from './presets/PresetGallery';
import {
  type Action,
  type RunView,
  comparedRuns,
  createStore,
  currentRun,
  initialState,
  reduce,
} from './store/runs';
import { useStoreState } from './store/use-store';
import { testHooks } from './test-hooks';
import { THEMES, type ThemeName, applyTheme, initialThemeName, saveThemeName } from './theme/themes';
import { decodeHash, encodeConfig, lessonUrl, shareUrl } from './url';
import './theme/class.css';

/** The methods reader, with its markdown and math renderer: loaded the first time a page is opened. */
const DocsPanel = lazy(() => import('./docs/DocsPanel'));

const COLUMNS: { id: PanelColumn; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'model', label: 'Model' },
  { id: 'analysis', label: 'Analysis' },
];

/** Training progress and analysis results from the worker: rendered in the background (useStoreState). */
const isWorkerBatch = (action: Action) => action.type === 'batch';

export function App() {
  const [initial] = useState(() => {
    // A lesson link opens its step with the step's configuration; anything else is a config link.
    const received = window.location.href;
    const lesson = readLessonHash(window.location.hash);
    if (lesson.kind === 'step')
      return {
        config: positionConfig(lesson.position),
        warnings: lesson.warning ? [lesson.warning] : [],
        lesson: lesson.position as LessonPosition | null,
        received,
      };
    if (lesson.kind === 'unknown')
      return { ...decodeHash(''), warnings: [lesson.warning], lesson: null, received };
    return { ...decodeHash(window.location.hash), lesson: null, received };
  });
  const [config, setConfig] = useState<ExperimentConfig>(initial.config);
  const [banner, setBanner] = useState<BannerState | null>(() =>
    linkBanner(initial.warnings, initial.received),
  );
  const [lesson, setLesson] = useState<LessonPosition | null>(initial.lesson);
  const lessonRef = useRef(lesson);
  lessonRef.current = lesson;
  const [presenter, setPresenter] = useState(false);
  const [showPresets, setShowPresets] = useState(false);
  const [sequence, setSequence] = useState<SequenceStatus | null>(null);
  const planRef = useRef<AbortController | null>(null);
  const [bundleMessage, setBundleMessage] = useState<BannerState | null>(null);
  const [themeName, setThemeName] = useState<ThemeName>(initialThemeName);
  const [share, setShare] = useState<{ url: string; status: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [doc, setDoc] = useState<DocRef | null>(null);
  const closeDoc = useCallback(() => setDoc(null), []);
  const theme = THEMES[themeName];

  const store = useMemo(() => createStore(reduce, initialState), []);
  const state = useStoreState(store, isWorkerBatch);
  const run = currentRun(state);
  const engineRef = useRef<Engine | null>(null);
  const configRef = useRef(config);
  configRef.current = config;

  useEffect(() => applyTheme(theme), [theme]);

  // While a lesson is open the address is the step's link; otherwise the configuration's.
  const writeHash = (c: ExperimentConfig) => {
    const open = lessonRef.current;
    const hash = `#${open ? lessonHash(open) : encodeConfig(c)}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  };

  /** Stops a running plan (preset, lesson step, comparison analyses): the user took over. */
  const stopPlan = useCallback(() => {
    planRef.current?.abort();
    planRef.current = null;
  }, []);

  const createRun = useCallback((c: ExperimentConfig, label?: string) => {
    const engine = engineRef.current;
    if (!engine) return;
    engine.create(c, label);
  }, []);

  const applyConfig = useCallback(
    (c: ExperimentConfig) => {
      stopPlan();
      setConfig(c);
      writeHash(c);
      // More epochs continue the run; anything else starts a new one (the store's `change` says which).
      void engineRef.current?.apply(c);
    },
    [stopPlan],
  );

  /** Runs a plan (one or more runs trained one after another, then analysed), shown side by side. */
  const startPlan = useCallback(
    (plan: Plan, onDone?: (ids: number[]) => void) => {
      const engine = engineRef.current;
      if (!engine) return;
      stopPlan();
      // The run a lesson step opened and nobody trained gives way to the plan's runs.
      const untouched = currentRun(store.get());
      if (plan.runs.length && untouched && !untouched.history.length && untouched.status === 'idle')
        store.dispatch({ type: 'removeRun', id: untouched.id });
      const controller = new AbortController();
      planRef.current = controller;
      const deps = {
        store,
        engine,
        onRunCreated: (run: { config: ExperimentConfig }) => {
          setConfig(run.config);
          writeHash(run.config);
        },
        epochCap: testHooks()?.planEpochCap,
      };
      const finish = (status: SequenceStatus | null) => {
        if (planRef.current === controller) planRef.current = null;
        if (status) setSequence(status);
      };
      const report = (status: SequenceStatus) => {
        if (!controller.signal.aborted) setSequence(status);
      };
      const work = plan.runs.length
        ? runPlan(deps, plan, controller.signal, report)
        : analyseRuns(
            deps,
            plan.title,
            store.get().currentId === null ? [] : [store.get().currentId!],
            () => plan.analyses,
            controller.signal,
            report,
          );
      work.then(
        (ids) => {
          finish(null);
          if (plan.runs.length) onDone?.(ids as number[]);
        },
        (err: unknown) =>
          finish({
            title: plan.title,
            phase: err instanceof PlanStopped ? 'stopped' : 'failed',
            index: 0,
            total: plan.runs.length,
            label: '',
            message:
              err instanceof PlanStopped
                ? `stopped (${err.message})`
                : `failed: ${err instanceof Error ? err.message : String(err)}`,
          }),
      );
    },
    [store, stopPlan],
  );

  /** Analyses on runs that already trained (the comparison's buttons). */
  const analyseCompared = useCallback(
    (title: string, ids: number[], analysesFor: (run: RunView) => PlanAnalysis[]) => {
      const engine = engineRef.current;
      if (!engine) return;
      stopPlan();
      const controller = new AbortController();
      planRef.current = controller;
      analyseRuns({ store, engine }, title, ids, analysesFor, controller.signal, (s) => {
        if (!controller.signal.aborted) setSequence(s);
      }).then(
        () => planRef.current === controller && (planRef.current = null),
        (err: unknown) => {
          if (planRef.current === controller) planRef.current = null;
          setSequence({
            title,
            phase: err instanceof PlanStopped ? 'stopped' : 'failed',
            index: 0,
            total: ids.length,
            label: '',
            message: err instanceof Error ? err.message : String(err),
          });
        },
      );
    },
    [store, stopPlan],
  );

  /** The runs each lesson step trained on this page (by "lesson/step"), to show them again on a revisit. */
  const stepRuns = useRef(new Map<string, number[]>());
  const stepKey = (p: LessonPosition) => `${p.lesson.id}/${p.lesson.steps[p.index].id}`;

  /**
   * Opens a lesson step: its text, and its configuration in the lab — the runs it trained earlier on this
   * page if they are still kept, else a fresh run, not trained yet.
   */
  const goToStep = useCallback(
    (position: LessonPosition | null) => {
      stopPlan();
      setSequence(null);
      lessonRef.current = position;
      setLesson(position);
      store.dispatch({ type: 'compareSet', ids: [] });
      if (!position) {
        setPresenter(false);
        writeHash(configRef.current);
        return;
      }
      const c = positionConfig(position);
      const title = position.lesson.steps[position.index].title;
      setConfig(c);
      writeHash(c);
      const earlier = stepRuns.current.get(stepKey(position)) ?? [];
      const engine = engineRef.current;
      if (!engine || !earlier.length || !earlier.every((id) => store.get().runs.some((r) => r.id === id)))
        return createRun(c, title);
      if (earlier.length > 1) store.dispatch({ type: 'compareSet', ids: earlier });
      const last = earlier[earlier.length - 1];
      void engine.api.activate(last).then((ok) => {
        if (lessonRef.current !== position) return; // moved on meanwhile
        if (!ok) return createRun(c, title);
        store.dispatch({ type: 'select', id: last });
        const shown = store.get().runs.find((r) => r.id === last);
        if (shown) setConfig(shown.config);
      });
    },
    [createRun, stopPlan, store],
  );

  // The engine lives as long as the page; the first run starts from the link (or the defaults).
  useEffect(() => {
    const engine = startEngine(store);
    engineRef.current = engine;
    engine.api.info().then(
      (info) => store.dispatch({ type: 'engineInfo', info }),
      (err) => store.dispatch({ type: 'engineError', message: String(err) }),
    );
    writeHash(configRef.current);
    const open = lessonRef.current;
    createRun(configRef.current, open ? open.lesson.steps[open.index].title : undefined);
    return () => {
      engine.terminate();
      engineRef.current = null;
    };
  }, [store, createRun]);

  // A link pasted into this tab's address bar.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === `#${encodeConfig(configRef.current)}`) return;
      const open = lessonRef.current;
      if (open && window.location.hash === `#${lessonHash(open)}`) return;
      const received = window.location.href;
      const lessonLink = readLessonHash(window.location.hash);
      if (lessonLink.kind === 'step') {
        setBanner(linkBanner(lessonLink.warning ? [lessonLink.warning] : [], received));
        goToStep(lessonLink.position);
        return;
      }
      const decoded = decodeHash(lessonLink.kind === 'unknown' ? '' : window.location.hash);
      setBanner(
        linkBanner(lessonLink.kind === 'unknown' ? [lessonLink.warning] : decoded.warnings, received),
      );
      applyConfig(decoded.config);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [applyConfig, goToStep]);

  const actions: LabActions = useMemo(
    () => ({
      play: () => void engineRef.current?.api.play(),
      pause: () => void engineRef.current?.api.pause(),
      step: () => void engineRef.current?.api.stepEpoch(),
      reset: () => {
        stopPlan();
        const engine = engineRef.current;
        const current = currentRun(store.get());
        if (!engine || !current) return;
        if (current.source === 'bundle' || current.status === 'failed') return createRun(configRef.current);
        const id = engine.nextId();
        store.dispatch({ type: 'runCreated', id, config: current.config, label: `run ${id}` });
        void engine.api.reset(id);
      },
      restoreLastFinite: () => void engineRef.current?.api.restoreLastFinite(),
      restartWith: (change) => applyConfig(change(configRef.current)),
      runAnalysis: async (id, settings) => void (await engineRef.current?.analyse(id, settings)),
      continueBy: (epochs) => void engineRef.current?.continueBy(epochs),
    }),
    [store, createRun, applyConfig, stopPlan],
  );

  const openBundle = useCallback(
    async (file: File | undefined) => {
      const engine = engineRef.current;
      if (!file || !engine) return;
      setBundleMessage(null);
      const read = await readBundleFile(file);
      if (!read.ok) {
        setBundleMessage({ tone: 'error', title: read.title, items: read.errors });
        return;
      }
      const { run: loaded } = read;
      const id = engine.nextId();
      store.dispatch({
        type: 'runLoaded',
        id,
        config: loaded.config,
        label: read.label,
        history: loaded.history,
        analyses: loaded.analyses,
        epoch: loaded.epoch,
      });
      const loadedConfig = loaded.config;
      try {
        await engine.load(id, loaded);
      } catch (err) {
        store.dispatch({ type: 'removeRun', id });
        setBundleMessage({
          tone: 'error',
          title: `${file.name} could not be opened; the current run is unchanged.`,
          items: [err instanceof Error ? err.message.replace(/^Error: /, '') : String(err)],
        });
        return;
      }
      store.dispatch({ type: 'select', id });
      setConfig(loadedConfig);
      writeHash(loadedConfig);
      setBundleMessage({
        tone: 'info',
        title: `Opened ${file.name}: ${loaded.history.length} epochs of metrics, model after epoch ${loaded.epoch}. Nothing was retrained.`,
        items: [],
      });
    },
    [store],
  );

  // Drag and drop a bundle anywhere on the page.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      void openBundle(e.dataTransfer?.files[0]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openBundle]);

  const downloadBundle = async () => {
    const engine = engineRef.current;
    if (!engine) return;
    try {
      const text = await engine.api.exportBundle();
      downloadText(text, `basin-run-${stamp()}.json`, 'application/json');
    } catch (err) {
      setBundleMessage({
        tone: 'error',
        title: 'The run could not be exported.',
        items: [err instanceof Error ? err.message : String(err)],
      });
    }
  };

  const copyLink = async () => {
    const url = shareUrl(configRef.current);
    try {
      await navigator.clipboard.writeText(url);
      setShare({ url, status: 'Link copied to the clipboard.' });
    } catch {
      setShare({ url, status: 'Copy the link from the box (the clipboard is not available here).' });
    }
  };

  const regenerate = () =>
    applyConfig({ ...configRef.current, seed: 1 + Math.floor(Math.random() * 2147483646) });

  const planActive = sequence !== null && (sequence.phase === 'training' || sequence.phase === 'analysing');
  const busy = planActive || run?.status === 'running';
  const compared = comparedRuns(state);
  const highlights = useMemo(
    () => (lesson ? highlightedPanels(lesson.lesson.steps[lesson.index].panels) : new Set<string>()),
    [lesson],
  );
  const showRun = async (id: number) => {
    const engine = engineRef.current;
    if (!engine) return;
    stopPlan();
    if (await engine.api.activate(id)) {
      store.dispatch({ type: 'select', id });
      const shown = store.get().runs.find((r) => r.id === id);
      if (shown) {
        setConfig(shown.config);
        writeHash(shown.config);
      }
    } else
      setBundleMessage({
        tone: 'warn',
        title:
          'That run’s weights are no longer in memory: its curves stay in the comparison, but it cannot be shown in the lab again.',
        items: [],
      });
  };

  return (
    <OpenDocContext.Provider value={setDoc}>
      <div className={['app', presenter && 'presenter', doc && 'with-docs'].filter(Boolean).join(' ')}>
        <SkipLinks />
        <header className="top">
          <div className="brand">
            <h1>Basin</h1>
            <span className="tagline">
              train a small network in your browser, then look at its weight space
            </span>
          </div>
          <div className="top-actions">
            <BackendBadge run={run} />
            <button
              type="button"
              onClick={() =>
                lesson ? goToStep(null) : goToStep({ lesson: Object.values(LESSONS)[0], index: 0 })
              }
              aria-pressed={lesson !== null}
              data-testid="open-lesson"
              title="A guided lesson: each step sets up the lab and says what to look for"
            >
              {lesson ? 'Close lesson' : 'Lesson'}
            </button>
            <button
              type="button"
              onClick={() => setDoc((d) => (d ? null : { page: 'methods' }))}
              aria-pressed={doc !== null}
              data-testid="open-docs"
              title="The methods behind every panel: equations, defaults, papers and code"
            >
              Methods
            </button>
            <button
              type="button"
              onClick={() => setShowPresets((v) => !v)}
              aria-pressed={showPresets}
              aria-expanded={showPresets}
              data-testid="open-presets"
            >
              Presets
            </button>
            <button type="button" onClick={copyLink} data-testid="copy-link">
              Copy link
            </button>
            <button
              type="button"
              onClick={downloadBundle}
              data-testid="bundle-download"
              disabled={!run || run.status === 'creating' || run.status === 'failed'}
              title="Download this run (config, data, weights, metrics, analyses) as JSON"
            >
              Download run
            </button>
            <label className="button" title="Open a run bundle (.json); you can also drop it on the page">
              Open run…
              <input
                type="file"
                accept=".json,application/json"
                className="visually-hidden"
                data-testid="bundle-load"
                onChange={(e) => {
                  void openBundle(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
            </label>
            <button
              type="button"
              onClick={() => {
                const next = themeName === 'light' ? 'dark' : 'light';
                setThemeName(next);
                saveThemeName(next);
              }}
              aria-label={`Switch to the ${themeName === 'light' ? 'dark' : 'light'} theme`}
              data-testid="theme-toggle"
            >
              {themeName === 'light' ? '☾ Dark' : '☀ Light'}
            </button>
          </div>
        </header>

        {share && (
          <div className="share" role="status">
            <input
              readOnly
              value={share.url}
              data-testid="share-url"
              aria-label="Link to this configuration"
              onFocus={(e) => e.target.select()}
            />
            <span>{share.status}</span>
            <button
              type="button"
              className="small"
              onClick={() => setShare(null)}
              aria-label="Close the link box"
            >
              ✕
            </button>
          </div>
        )}
        {banner && <Banner banner={banner} onClose={() => setBanner(null)} />}
        {bundleMessage && (
          <Banner banner={bundleMessage} onClose={() => setBundleMessage(null)} testId="bundle-message" />
        )}
        {state.engine.error && (
          <Banner
            banner={{ tone: 'error', title: state.engine.error, items: [] }}
            onClose={() => undefined}
            testId="engine-error"
          />
        )}

        {showPresets && (
          <PresetGallery
            busy={planActive}
            onClose={() => setShowPresets(false)}
            onRun={(card) => {
              setShowPresets(false);
              if (lessonRef.current) goToStep(null);
              startPlan(card.plan());
            }}
          />
        )}
        {lesson && (
          <LessonPlayer
            lesson={lesson.lesson}
            index={lesson.index}
            onGo={(index) => goToStep({ lesson: lesson.lesson, index })}
            onRun={() => startPlan(positionPlan(lesson), (ids) => stepRuns.current.set(stepKey(lesson), ids))}
            onClose={() => goToStep(null)}
            link={lessonUrl({ lesson: lesson.lesson.id, step: lesson.lesson.steps[lesson.index].id })}
            presenter={presenter}
            onPresenter={setPresenter}
            busy={planActive}
          />
        )}

        <FieldProblems>
          <div className="controls-wrap" hidden={presenter}>
            <ConfigControls
              config={config}
              onChange={applyConfig}
              methods={state.engine.info?.methods ?? null}
            />
          </div>
          <Player run={run} actions={actions} onRegenerate={regenerate} />
        </FieldProblems>
        <LiveStatus run={run} analyses={state.engine.info?.analyses} />
        <RunsBar
          runs={state.runs}
          currentId={state.currentId}
          comparison={state.comparison}
          busy={planActive}
          onShow={(id) => void showRun(id)}
          onToggleCompare={(id) => store.dispatch({ type: 'compareToggle', id })}
          sequence={sequence}
          onStop={stopPlan}
          onDismiss={() => setSequence(null)}
        />

        {run && <DivergenceNotice run={run} actions={actions} />}
        {run && <UnstableNotice run={run} actions={actions} />}
        {run && <RunErrors run={run} />}
        {run?.source === 'bundle' && (
          <p className="run-source" data-testid="run-source">
            Showing {run.label} (loaded from a file; model after epoch{' '}
            {run.restoredEpoch ?? run.history.length}
            ).
          </p>
        )}

        <HighlightContext.Provider value={highlights}>
          <ComparisonView
            runs={compared}
            theme={theme}
            busy={busy}
            onAnalyse={analyseCompared}
            onRemove={(id) => store.dispatch({ type: 'compareToggle', id })}
          />
          <main id="lab-panels" className="columns" tabIndex={-1} aria-label="Figures">
            {COLUMNS.map((col) => (
              <div key={col.id} className={`column column-${col.id}`} aria-label={col.label}>
                {run &&
                  panelsFor(run, col.id).map((p) => (
                    <PanelFrame
                      key={p.id}
                      id={p.id}
                      title={p.title}
                      help={p.help}
                      doc={p.doc}
                      resetKey={run.id}
                    >
                      <p.component run={run} theme={theme} actions={actions} runs={state.runs} />
                    </PanelFrame>
                  ))}
              </div>
            ))}
          </main>
        </HighlightContext.Provider>

        <Explanations />
        {dragging && (
          <div className="drop-overlay" aria-hidden="true">
            Drop a Basin run bundle (.json) to open it
          </div>
        )}
        {doc && (
          <Suspense
            fallback={
              <aside className="docs" data-testid="docs">
                Loading the methods reader…
              </aside>
            }
          >
            <DocsPanel at={doc} onNavigate={setDoc} onClose={closeDoc} />
          </Suspense>
        )}
      </div>
    </OpenDocContext.Provider>
  );
}
