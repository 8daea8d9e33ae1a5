// @vitest-environment happy-dom
// Components rendered as a reader meets them (Testing Library): the lesson player, the banner of an opened
// link and the training-curves panel, each driven through what is on screen (roles, names, text).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import type { EpochMetrics } from '../../src/core/events';
import { LESSONS } from '../../src/core/lessons/registry';
import { RunsBar, type RunsBarProps } from '../../src/app/compare/RunsBar';
import type { Teachers } from '../../src/app/compare/TeacherPicker';
import { BackendSummary } from '../../src/app/layout/BackendSummary';
import { LessonMenu } from '../../src/app/layout/LessonMenu';
import type { BackendReport } from '../../src/worker/protocol';
import { METHOD_CARDS } from '../../src/core/train/cards';
import { LessonPlayer, type LessonPlayerProps } from '../../src/app/lessons/LessonPlayer';
import { Markdown } from '../../src/app/lessons/markdown';
import { Banner, linkBanner } from '../../src/app/Notices';
import { CurvesPanel } from '../../src/app/panels/CurvesPanel';
import type { LabActions } from '../../src/app/panels/types';
import { newRun } from '../../src/app/store/runs';
import { DASH_ARRAY } from '../../src/app/svg/figure';
import { runColour } from '../../src/app/svg/grammar';
import { THEMES } from '../../src/app/theme/themes';

afterEach(cleanup);

describe('lesson text', () => {
  it('renders paragraphs, a list whose items run on over indented lines, bold and italic, as text', () => {
    render(
      <Markdown
        text={[
          'Two **numbers**,',
          'for both runs:',
          '',
          '- the *rise* within r;',
          '- the top eigenvalue',
          '  of the Hessian.',
          '',
          'Neither is <b>complete</b>.',
        ].join('\n')}
      />,
    );
    expect(screen.getByText(/Two/).textContent).toBe('Two numbers, for both runs:');
    expect(screen.getByText('numbers').tagName).toBe('STRONG');
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'the rise within r;',
      'the top eigenvalue of the Hessian.',
    ]);
    expect(screen.getByText('rise').tagName).toBe('EM');
    expect(screen.getByText('Neither is <b>complete</b>.').tagName).toBe('P');
  });
});

describe('the lesson player', () => {
  const lesson = Object.values(LESSONS)[0];
  const props = (over: Partial<LessonPlayerProps> = {}): LessonPlayerProps => ({
    lesson,
    index: 0,
    onGo: vi.fn(),
    onRun: vi.fn(),
    onClose: vi.fn(),
    link: 'https://example.org/#lesson=x',
    presenter: false,
    onPresenter: vi.fn(),
    busy: false,
    ...over,
  });

  it('shows the step, where it is in the lesson, and steps forward but not back from the first', () => {
    const p = props();
    render(<LessonPlayer {...p} />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(lesson.steps[0].title);
    expect(screen.getByTestId('lesson-step').textContent).toBe(`Step 1 of ${lesson.steps.length}`);
    expect(screen.getByTestId('lesson-look-for').textContent).toBe(lesson.steps[0].lookFor);
    expect((screen.getByRole('button', { name: /Previous/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /Next/ }));
    expect(p.onGo).toHaveBeenCalledWith(1);
    // The step dots are named by their steps' titles.
    fireEvent.click(screen.getByRole('button', { name: lesson.steps[2].title }));
    expect(p.onGo).toHaveBeenLastCalledWith(2);
  });

  it('cannot run a step while a plan runs, and runs it otherwise', () => {
    const { rerender } = render(<LessonPlayer {...props({ busy: true })} />);
    const run = () => screen.getByRole('button', { name: /Run this step/ }) as HTMLButtonElement;
    expect(run().disabled).toBe(true);
    const p = props();
    rerender(<LessonPlayer {...p} />);
    expect(run().disabled).toBe(false);
    fireEvent.click(run());
    expect(p.onRun).toHaveBeenCalledTimes(1);
  });

  it('in presenter mode, a clicker’s PageDown and PageUp change the step; outside it they do not', () => {
    const p = props({ index: 1, presenter: true });
    const { rerender } = render(<LessonPlayer {...p} />);
    expect(screen.getByRole('button', { name: 'Leave presenter view' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.keyDown(window, { key: 'PageDown' });
    fireEvent.keyDown(window, { key: 'PageUp' });
    expect(p.onGo).toHaveBeenNthCalledWith(1, 2);
    expect(p.onGo).toHaveBeenNthCalledWith(2, 0);
    const q = props({ index: 1, presenter: false });
    rerender(<LessonPlayer {...q} />);
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(q.onGo).not.toHaveBeenCalled();
  });
});

describe('the lesson menu', () => {
  const lessons = Object.values(LESSONS);

  it('lists every lesson and opens the one picked', () => {
    const onChoose = vi.fn();
    render(<LessonMenu lessons={lessons} openId={null} onChoose={onChoose} />);
    expect(screen.queryByRole('list', { name: 'Lessons' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Lesson/ }));
    const list = screen.getByRole('list', { name: 'Lessons' });
    const choices = within(list).getAllByRole('button');
    expect(choices.map((b) => b.querySelector('strong')?.textContent)).toEqual(lessons.map((l) => l.title));
    fireEvent.click(choices[lessons.length - 1]);
    expect(onChoose).toHaveBeenCalledWith(lessons[lessons.length - 1].id);
    expect(screen.queryByRole('list', { name: 'Lessons' })).toBeNull();
  });

  it('closes its list on Escape, and closes an open lesson instead of listing', () => {
    const onChoose = vi.fn();
    const { rerender } = render(<LessonMenu lessons={lessons} openId={null} onChoose={onChoose} />);
    fireEvent.click(screen.getByRole('button', { name: /Lesson/ }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('list', { name: 'Lessons' })).toBeNull();
    rerender(<LessonMenu lessons={lessons} openId={lessons[1].id} onChoose={onChoose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Close lesson' }));
    expect(onChoose).toHaveBeenCalledWith(null);
  });
});

describe('the teachers of a run that distils', () => {
  const distils = METHOD_CARDS.find((c) => c.takesTeachers)!;
  const plain = METHOD_CARDS.find((c) => !c.takesTeachers)!;
  const run = (id: number, method: string, label: string) => {
    const config = defaultConfig();
    return newRun(id, { ...config, training: { ...config.training, method } } as typeof config, label);
  };
  const bar = (over: Partial<RunsBarProps>): RunsBarProps => ({
    runs: [run(1, plain.id, 'clean run'), run(2, plain.id, 'robust run'), run(3, distils.id, 'student')],
    currentId: 3,
    comparison: [],
    busy: false,
    onShow: vi.fn(),
    onToggleCompare: vi.fn(),
    sequence: null,
    onStop: vi.fn(),
    onDismiss: vi.fn(),
    teachers: new Map(),
    onAttachTeachers: vi.fn(async () => []),
    ...over,
  });

  it('offers the earlier runs as clean and adversarial teacher, attaches the pair, says why one is refused', async () => {
    const attach = vi.fn(async (_id: number, t: Teachers | null) =>
      t && t.natural === t.adversarial ? ['The two teachers are the same run.'] : [],
    );
    render(<RunsBar {...bar({ onAttachTeachers: attach })} />);
    const clean = screen.getByLabelText('clean teacher') as HTMLSelectElement;
    const adversarial = screen.getByLabelText('adversarial teacher') as HTMLSelectElement;
    expect([...clean.options].map((o) => o.textContent)).toEqual(['none', 'clean run', 'robust run']);
    fireEvent.change(clean, { target: { value: '1' } });
    expect(attach).toHaveBeenLastCalledWith(3, null);
    fireEvent.change(adversarial, { target: { value: '1' } });
    expect(attach).toHaveBeenLastCalledWith(3, { natural: 1, adversarial: 1 });
    expect(await screen.findByText('The two teachers are the same run.')).toBeTruthy();
    fireEvent.change(adversarial, { target: { value: '2' } });
    expect(attach).toHaveBeenLastCalledWith(3, { natural: 1, adversarial: 2 });
    await vi.waitFor(() => expect(screen.queryByText('The two teachers are the same run.')).toBeNull());
  });

  it('shows the attached teachers on the student’s chip, and no picker for a method that does not distil', () => {
    const { rerender } = render(
      <RunsBar {...bar({ teachers: new Map([[3, { natural: 1, adversarial: 2 }]]) })} />,
    );
    expect(screen.getByTestId('run-teachers-3').textContent).toMatch(
      /clean run \(clean\),\s*robust run \(adversarial\)/,
    );
    expect(screen.getByTestId('teacher-status').textContent).toMatch(/Distilling from clean run/);
    rerender(<RunsBar {...bar({ currentId: 2 })} />);
    expect(screen.queryByTestId('teacher-picker')).toBeNull();
  });
});

describe('the banner of an opened link', () => {
  it('lists what changed, keeps the link as received, and closes', () => {
    const banner = linkBanner(['“epochs” 0 is below 1: 30 is used', 'unknown “foo” ignored'], '#bad=link');
    expect(banner).not.toBeNull();
    const onClose = vi.fn();
    render(<Banner banner={banner!} onClose={onClose} />);
    const status = screen.getByRole('status');
    expect(within(status).getByText(/could not be used as they are/)).toBeTruthy();
    expect(
      within(status)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(banner!.items);
    expect((within(status).getByLabelText('The link as received') as HTMLInputElement).value).toBe(
      '#bad=link',
    );
    fireEvent.click(within(status).getByRole('button', { name: 'Dismiss this message' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('is absent for a clean link, and an error is announced as an alert', () => {
    expect(linkBanner([])).toBeNull();
    render(
      <Banner
        banner={{ tone: 'error', title: 'The file could not be read', items: [] }}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('The file could not be read');
    expect(screen.queryByRole('list')).toBeNull();
  });
});

describe('the training-curves panel', () => {
  const actions = {} as LabActions;
  const metrics = (epoch: number): EpochMetrics => ({
    epoch,
    trainLoss: 1 / epoch,
    trainAcc: 1 - 0.5 / epoch,
    testLoss: 1.2 / epoch,
    testAcc: 1 - 0.6 / epoch,
    objective: 1 / epoch,
    seconds: 0.1,
    examplesPerSec: 100,
    extra: {},
  });

  it('draws the run in its colour, train solid and test dashed, and says the last epoch in words', () => {
    const run = { ...newRun(3, defaultConfig(), 'run 3'), status: 'paused' as const, epochsTotal: 4 };
    run.history = [1, 2, 3, 4].map(metrics);
    render(<CurvesPanel run={run} theme={THEMES.dark} actions={actions} />);
    const figure = screen.getByRole('img', { name: /Loss \(top\) and accuracy \(bottom\)/ });
    const colour = runColour(THEMES.dark, 3);
    for (const name of ['train loss', 'test loss', 'train accuracy', 'test accuracy']) {
      const path = figure.querySelector(`g.curve[data-name="${name}"] path`)!;
      expect(path.getAttribute('stroke'), name).toBe(colour);
      expect(path.getAttribute('stroke-dasharray') ?? undefined, name).toBe(
        DASH_ARRAY[name.startsWith('train') ? 'solid' : 'dash'],
      );
      // One marker per epoch.
      expect(figure.querySelectorAll(`g.curve[data-name="${name}"] circle`)).toHaveLength(4);
    }
    expect(screen.getByTestId('curves-summary').textContent).toBe(
      'After 4 epochs: train loss 0.2500, test loss 0.3000; train accuracy 87.5%, test accuracy 85.0%.',
    );
  });

  it('before the first epoch, asks for Play', () => {
    render(<CurvesPanel run={newRun(1, defaultConfig(), 'run 1')} theme={THEMES.light} actions={actions} />);
    expect(screen.getByTestId('curves-summary').textContent).toBe(
      'No epoch trained yet: press Play or Step.',
    );
  });
});

describe('the backend badge', () => {
  const run = (backend: BackendReport) => ({ ...newRun(1, defaultConfig(), 'run 1'), backend });
  const wasm: BackendReport = {
    name: 'wasm',
    requested: 'auto',
    reason: 'auto: wasm',
    skipped: [],
    threads: 1,
  };

  it('says how many threads train and how many workers share a landscape', () => {
    render(<BackendSummary run={run({ ...wasm, landscapeWorkers: 2 })} />);
    const badge = screen.getByTestId('backend-badge');
    expect(badge.textContent).toBe('Running on your CPU (fast for small models) · landscapes on 2 cores');
    expect(badge.parentElement!.title).toBe('wasm · 1 thread + 1 landscape worker: auto: wasm');
    expect(screen.getByTestId('backend-reason').textContent).toBe(
      "auto: wasm · a landscape's points are shared among 2 CPU workers at once",
    );
  });

  it('says nothing of workers when the engine computes alone, or on a GPU', () => {
    render(<BackendSummary run={run({ ...wasm, landscapeWorkers: 1 })} />);
    expect(screen.getByTestId('backend-badge').parentElement!.title).toBe('wasm · 1 thread: auto: wasm');
    cleanup();
    render(
      <BackendSummary run={run({ name: 'webgl', requested: 'auto', reason: 'auto: webgl', skipped: [] })} />,
    );
    expect(screen.getByTestId('backend-badge').textContent).toBe('Running on your graphics card (WebGL)');
    expect(screen.getByTestId('backend-badge').parentElement!.title).toBe('webgl: auto: webgl');
  });
});
