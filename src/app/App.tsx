import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { getLesson } from '../core/lessons/registry';
import { LiveStatus } from './a11y/LiveStatus';
import { SkipLinks } from './a11y/SkipLinks';
import { ComparisonView, type ComparisonViewProps } from './compare/ComparisonView';
import { RunsBar } from './compare/RunsBar';
import type { Teachers } from './compare/TeacherPicker';
import { OpenDocContext } from './docs/DocLink';
import type { DocRef } from './docs/pages';
import { Explanations } from './Explanations';
import { ExerciseDialog } from './layout/ExerciseDialog';
import { Embed } from './layout/Embed';
import type { LabContext } from './layout/LabPanel';
import { Messages, type Share, copyToClipboard } from './layout/Messages';
import { runPanels } from './layout/panel-groups';
import { Picture, Questions } from './layout/Questions';
import { ThemeButton, TopBar } from './layout/TopBar';
import { Workbench } from './layout/Workbench';
import { LessonPlayer } from './lessons/LessonPlayer';
import { DivergenceNotice, RunErrors, UnstableNotice, linkBanner } from './Notices';
import { HighlightContext } from './panels/highlight';
import { PresetGallery } from './presets/PresetGallery';
import { Stage } from './presenter/Stage';
import { readRoute, routeHash, useHashRoute } from './shell/useHashRoute';
import { useBundleIO } from './shell/useBundleIO';
import { useEngine } from './shell/useEngine';
import { useLabActions } from './shell/useLabActions';
import { useLesson } from './shell/useLesson';
import { usePlans } from './shell/usePlans';
import { useTheme } from './shell/useTheme';
import { comparedRuns, currentRun } from './store/runs';
import { pageUrl } from './url';
import './App.css';
import './theme/class.css';

/** The methods reader, with its markdown and math renderer: loaded the first time a page is opened. */
const DocsPanel = lazy(() => import('./docs/DocsPanel'));

export function App() {
  const [route] = useState(readRoute);
  const lab = useEngine({
    config: route.config,
    label: route.lesson ? route.lesson.lesson.steps[route.lesson.index].title : undefined,
  });
  const plans = usePlans(lab);
  const { lesson, presenter, setPresenter, goToStep, runStep, highlights } = useLesson(
    route.lesson,
    lab,
    plans,
  );
  const io = useBundleIO(lab);
  const { actions, applyConfig, regenerate, showRun } = useLabActions(lab, plans.stopPlan, io.setMessage);
  const theme = useTheme();
  const [banner, setBanner] = useState(() => linkBanner(route.warnings, route.received));
  const [hide, setHide] = useState(route.hide);
  const [share, setShare] = useState<Share | null>(null);
  const [doc, setDoc] = useState<DocRef | null>(null);
  const [overlay, setOverlay] = useState<'presets' | 'exercise' | null>(null);
  const [teachers, setTeachers] = useState<ReadonlyMap<number, Teachers>>(new Map());
  const closeDoc = useCallback(() => setDoc(null), []);
  const { state, store } = lab;
  const run = currentRun(state);
  const config = run?.config ?? route.config;

  useHashRoute({ config, lesson, hide }, (next) => {
    setBanner(linkBanner(next.warnings, next.received));
    setHide(next.hide);
    if (next.lesson) return goToStep(next.lesson);
    if (lesson) goToStep(null);
    applyConfig(next.config);
  });

  const attachTeachers = async (studentId: number, pair: Teachers | null) => {
    const problems = (await lab.engine.current?.api.attachTeachers(pair)) ?? ['The engine has not started.'];
    setTeachers((m) => {
      const next = new Map(m);
      if (pair && !problems.length) next.set(studentId, pair);
      else next.delete(studentId);
      return next;
    });
    return problems;
  };

  const hidden = useMemo(() => new Set(hide), [hide]);
  const ctx: LabContext | null = run && { run, runs: state.runs, theme: theme.theme, actions };
  const compared = comparedRuns(state);
  const busy = plans.planActive || run?.status === 'running';
  const toggle = (which: 'presets' | 'exercise') => setOverlay((o) => (o === which ? null : which));
  const comparisonProps: ComparisonViewProps = {
    runs: compared,
    theme: theme.theme,
    busy,
    onAnalyse: plans.analyseCompared,
    onRemove: (id) => store.dispatch({ type: 'compareToggle', id }),
  };
  const comparison = <ComparisonView {...comparisonProps} />;
  const stepLink = lesson && pageUrl(routeHash({ config, lesson, hide: [] }));
  const lessonPlayer = lesson && stepLink && (
    <LessonPlayer
      lesson={lesson.lesson}
      index={lesson.index}
      onGo={(index) => goToStep({ lesson: lesson.lesson, index })}
      onRun={runStep}
      onClose={() => goToStep(null)}
      link={stepLink}
      presenter={presenter}
      onPresenter={setPresenter}
      busy={plans.planActive}
      status={plans.planActive ? plans.sequence?.message : null}
      headActions={<ThemeButton theme={theme} />}
    >
      {ctx && (
        <Stage
          lab={ctx}
          step={lesson.lesson.steps[lesson.index]}
          comparison={compared.length ? comparisonProps : null}
        />
      )}
    </LessonPlayer>
  );

  if (route.embed !== null)
    return (
      <Embed
        what={route.embed}
        lab={ctx}
        player={actions}
        onRegenerate={regenerate}
        stage={lessonPlayer}
        highlights={highlights}
      />
    );
  if (presenter && lessonPlayer) return <div className="app presenter">{lessonPlayer}</div>;

  return (
    <OpenDocContext.Provider value={setDoc}>
      <div className={doc ? 'app with-docs' : 'app'}>
        <SkipLinks />
        <TopBar
          run={run}
          lessonId={lesson?.lesson.id ?? null}
          onLesson={(id) => goToStep(id === null ? null : { lesson: getLesson(id), index: 0 })}
          docsOpen={doc !== null}
          onDocs={() => setDoc((d) => (d ? null : { page: 'methods' }))}
          presetsOpen={overlay === 'presets'}
          onPresets={() => toggle('presets')}
          onCopyLink={() =>
            void copyToClipboard(pageUrl(routeHash({ config, lesson: null, hide }))).then(setShare)
          }
          onExercise={() => toggle('exercise')}
          onDownload={() => void io.downloadBundle()}
          onOpenFile={(file) => void io.openBundle(file)}
          theme={<ThemeButton theme={theme} />}
          hidePresets={hidden.has('presets')}
        />
        <p className="intro" data-testid="intro">
          Basin trains a small neural network in your browser and shows its weight space: how flat its minimum
          is, and what breaks it.
        </p>
        <Messages
          share={share}
          onCloseShare={() => setShare(null)}
          banner={banner}
          onCloseBanner={() => setBanner(null)}
          bundle={io.message}
          onCloseBundle={() => io.setMessage(null)}
          engineError={state.engine.error}
        />
        {overlay === 'presets' && (
          <PresetGallery
            busy={plans.planActive}
            onClose={() => setOverlay(null)}
            onRun={(card) => {
              setOverlay(null);
              if (lesson) goToStep(null);
              plans.startPlan(card.plan());
            }}
          />
        )}
        {overlay === 'exercise' && (
          <ExerciseDialog panels={run ? runPanels(run) : []} hide={hide} onClose={() => setOverlay(null)} />
        )}
        {lessonPlayer}
        <HighlightContext.Provider value={highlights}>
          <Workbench
            config={config}
            onChange={applyConfig}
            hideSettings={hidden.has('settings')}
            run={run}
            actions={actions}
            onRegenerate={regenerate}
          >
            {ctx && <Picture lab={ctx} hidden={hidden} />}
            <LiveStatus run={run} />
            {!hidden.has('runs') && (
              <RunsBar
                runs={state.runs}
                currentId={state.currentId}
                comparison={state.comparison}
                busy={plans.planActive}
                onShow={(id) => void showRun(id)}
                onToggleCompare={(id) => store.dispatch({ type: 'compareToggle', id })}
                sequence={plans.sequence}
                onStop={plans.stopPlan}
                onDismiss={() => plans.setSequence(null)}
                teachers={teachers}
                onAttachTeachers={attachTeachers}
              />
            )}
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
            {comparison}
          </Workbench>
          {ctx && <Questions lab={ctx} hidden={hidden} />}
        </HighlightContext.Provider>
        <Explanations />
        {io.dragging && (
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
