/**
 * Analysis records with their result typed by id: `recordsOf(run.analyses, 'lsa')` gives records whose
 * `result` is an LsaResult. Free of tfjs (the result types come in as types only).
 */
import type { AnalysisRecord } from '../events';
import type { AnalysisId } from './analysis-ids';
import type { AnalysisResults } from './registry';

/** A record of analysis `K`, its result typed. */
export interface RecordOf<K extends AnalysisId> extends AnalysisRecord {
  id: K;
  result: AnalysisResults[K];
}

/** Whether `record` is one of analysis `id` (the engine stores each result under its analysis' id). */
export function isRecordOf<K extends AnalysisId>(record: AnalysisRecord, id: K): record is RecordOf<K> {
  return record.id === id;
}

/** The records of analysis `id`, in order, results typed. */
export function recordsOf<K extends AnalysisId>(records: readonly AnalysisRecord[], id: K): RecordOf<K>[] {
  return records.filter((r): r is RecordOf<K> => isRecordOf(r, id));
}

/** The newest record of analysis `id`, if any. */
export function latestOf<K extends AnalysisId>(
  records: readonly AnalysisRecord[],
  id: K,
): RecordOf<K> | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i];
    if (isRecordOf(record, id)) return record;
  }
  return undefined;
}
