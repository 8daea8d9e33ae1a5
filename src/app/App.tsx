import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ExperimentConfig } from '../core/config';
import type { EventBatch } from '../worker/protocol';
import { readBundleFile } from './bundle';
import { BackendBadge } from './controls/BackendBadge';
import { ConfigControls } from './controls/ConfigControls';
import { Player } from './controls/Player';
import { type Engine, startEngine } from './engine';
import { downloadText, stamp } from './export';
import { Explanations } from './Explanations';
import { Banner, type BannerState, DivergenceNotice, RunErrors } from './Notices';
import { PanelFrame } from './panels/PanelFrame';
import { panelsFor } from './panels/registry';
import type { LabActions, PanelColumn } from './panels/types';
import { preloadPlotly } from './plotly/LazyPlot';
import { createStore, currentRun, initialState, reduce } from './store/runs';
import { THEMES, type ThemeName, applyTheme, initialThemeName, saveThemeName } from './theme/themes';
import { decodeHash, encodeConfig, shareUrl } from './url';

const COLUMNS: { id: PanelColumn; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'model', label: 'Model' },
  { id: 'analysis', label: 'Analysis' },
];

function linkBanner(warnings: string[]): BannerState | null {
  return warnings.length
    ? {
        tone: 'warn',
        title: 'Parts of this link could not be used. Nothing from it was run; these settings were replaced:',
        items: warnings,
      }
    : null;
}

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName));

export function App() {
  const [initial] = useState(() => decodeHash(window.location.hash));
  const [config, setConfig] = useState<ExperimentConfig>(initial.config);
  const [banner, setBanner] = useState<BannerState | null>(() => linkBanner(initial.warnings));
  const [bundleMessage, setBundleMessage] = useState<BannerState | null>(null);
  const [themeName, setThemeName] = useState<ThemeName>(initialThemeName);
  const [share, setShare] = useState<{ url: string; status: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const theme = THEMES[themeName];

  const store = useMemo(() => createStore(reduce, initialState), []);
  const state = useSyncExternalStore(store.subscribe, store.get);
  const run = currentRun(state);
  const engineRef = useRef<Engine | null>(null);
  const configRef = useRef(config);
  configRef.current = config;

  useEffect(() => applyTheme(theme), [theme]);

  const writeHash = (c: ExperimentConfig) => {
    const hash = `#${encodeConfig(c)}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  };

  const createRun = useCallback(
    (c: ExperimentConfig) => {
      const engine = engineRef.current;
      if (!engine) return;
      const id = engine.nextId();
      store.dispatch({ type: 'runCreated', id, config: c, label: `run ${id}` });
      void engine.api.create(id, c);
    },
    [store],
  );

  const applyConfig = useCallback(
    (c: ExperimentConfig) => {
      setConfig(c);
      writeHash(c);
      createRun(c);
    },
    [createRun],
  );

  // The engine lives as long as the page; the first run starts from the link (or the defaults).
  useEffect(() => {
    const onBatch = (batch: EventBatch) => store.dispatch({ type: 'batch', batch, now: performance.now() });
    const engine = startEngine(onBatch, (message) => store.dispatch({ type: 'engineError', message }));
    engineRef.current = engine;
    engine.api.info().then(
      (info) => store.dispatch({ type: 'engineInfo', info }),
      (err) => store.dispatch({ type: 'engineError', message: String(err) }),
    );
    writeHash(configRef.current);
    createRun(configRef.current);
    const idle = (window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200)))(
      () => void preloadPlotly(),
    );
    return () => {
      window.cancelIdleCallback?.(idle as number);
      engine.terminate();
      engineRef.current = null;
    };
  }, [store, createRun]);

  // A link pasted into this tab's address bar.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === `#${encodeConfig(configRef.current)}`) return;
      const decoded = decodeHash(window.location.hash);
      setBanner(linkBanner(decoded.warnings));
      applyConfig(decoded.config);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [applyConfig]);

  const actions: LabActions = useMemo(
    () => ({
      play: () => void engineRef.current?.api.play(),
      pause: () => void engineRef.current?.api.pause(),
      step: () => void engineRef.current?.api.stepEpoch(),
      reset: () => {
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
      runAnalysis: async (id, settings) => engineRef.current?.api.runAnalysis(id, settings),
    }),
    [store, createRun, applyConfig],
  );

  // Keyboard: Space play/pause, "." one epoch, "r" reset — when not typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const r = currentRun(store.get());
      if (e.key === ' ') {
        e.preventDefault();
        if (r?.status === 'running') actions.pause();
        else actions.play();
      } else if (e.key === '.') actions.step();
      else if (e.key === 'r' || e.key === 'R') actions.reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, store]);

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

  return (
    <div className="app">
      <a className="skip" href="#lab-panels">
        Skip to the panels
      </a>
      <header className="top">
        <div className="brand">
          <h1>Basin</h1>
          <span className="tagline">
            train a small network in your browser, then look at its weight space
          </span>
        </div>
        <div className="top-actions">
          <BackendBadge run={run} />
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

      <ConfigControls config={config} onChange={applyConfig} methods={state.engine.info?.methods ?? null} />
      <Player run={run} actions={actions} onRegenerate={regenerate} />

      {run && <DivergenceNotice run={run} actions={actions} />}
      {run && <RunErrors run={run} />}
      {run?.source === 'bundle' && (
        <p className="run-source" data-testid="run-source">
          Showing {run.label} (loaded from a file; model after epoch {run.restoredEpoch ?? run.history.length}
          ).
        </p>
      )}

      <main id="lab-panels" className="columns">
        {COLUMNS.map((col) => (
          <div key={col.id} className={`column column-${col.id}`} aria-label={col.label}>
            {run &&
              panelsFor(run, col.id).map((p) => (
                <PanelFrame key={p.id} id={p.id} title={p.title} help={p.help}>
                  <p.component run={run} runs={state.runs} theme={theme} actions={actions} />
                </PanelFrame>
              ))}
          </div>
        ))}
      </main>

      <Explanations />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a Basin run bundle (.json) to open it
        </div>
      )}
    </div>
  );
}
