/** Run bundles: download the current run, open one from a file or dropped on the page. */
import { useCallback, useEffect, useState } from 'react';
import { readBundleFile } from '../bundle';
import { downloadText, stamp } from '../export';
import type { BannerState } from '../Notices';
import type { EngineHandle } from './useEngine';

const why = (err: unknown) => (err instanceof Error ? err.message.replace(/^Error: /, '') : String(err));

export function useBundleIO({ store, engine }: EngineHandle) {
  const [message, setMessage] = useState<BannerState | null>(null);
  const [dragging, setDragging] = useState(false);

  const openBundle = useCallback(
    async (file: File | undefined) => {
      const e = engine.current;
      if (!file || !e) return;
      setMessage(null);
      const read = await readBundleFile(file);
      if (!read.ok) return setMessage({ tone: 'error', title: read.title, items: read.errors });
      const { run } = read;
      const id = e.nextId();
      store.dispatch({
        type: 'runLoaded',
        id,
        config: run.config,
        label: read.label,
        history: run.history,
        analyses: run.analyses,
        epoch: run.epoch,
      });
      try {
        await e.load(id, run);
      } catch (err) {
        store.dispatch({ type: 'removeRun', id });
        return setMessage({
          tone: 'error',
          title: `${file.name} could not be opened; the current run is unchanged.`,
          items: [why(err)],
        });
      }
      store.dispatch({ type: 'select', id });
      setMessage({
        tone: 'info',
        title: `Opened ${file.name}: ${run.history.length} epochs of metrics, model after epoch ${run.epoch}. Nothing was retrained.`,
        items: [],
      });
    },
    [engine, store],
  );

  // Drag and drop a bundle anywhere on the page.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => e.relatedTarget === null && setDragging(false);
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

  const downloadBundle = useCallback(async () => {
    const e = engine.current;
    if (!e) return;
    try {
      downloadText(await e.api.exportBundle(), `basin-run-${stamp()}.json`, 'application/json');
    } catch (err) {
      setMessage({ tone: 'error', title: 'The run could not be exported.', items: [why(err)] });
    }
  }, [engine]);

  return { message, setMessage, dragging, openBundle, downloadBundle };
}
