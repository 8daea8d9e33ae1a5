import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

/**
 * The one rule for what people type, the same as for links: while a field holds anything but an allowed
 * value it is red, and Play and Step are blocked with the reason beside them. On Enter or leaving the field,
 * a number outside its range becomes the nearest allowed value and the field says so, in the sentence a
 * link's banner uses; text that is not a number stays red (and Play blocked) until it is fixed. So no run
 * ever trains with a value other than the one on the screen.
 */
type Report = (id: string, problem: string | null) => void;

const ReportContext = createContext<Report>(() => undefined);
const ProblemsContext = createContext<string[]>([]);

/** Collects the problems of every field inside it, in the order they were reported. */
export function FieldProblems({ children }: { children: ReactNode }) {
  const [problems, setProblems] = useState<[string, string][]>([]);
  const report = useCallback<Report>(
    (id, problem) =>
      setProblems((list) => {
        const rest = list.filter(([k]) => k !== id);
        return problem ? [...rest, [id, problem]] : rest.length === list.length ? list : rest;
      }),
    [],
  );
  const messages = problems.map(([, p]) => p);
  return (
    <ReportContext.Provider value={report}>
      <ProblemsContext.Provider value={messages}>{children}</ProblemsContext.Provider>
    </ReportContext.Provider>
  );
}

/** Reports this field's problem (null: none) for as long as the field is shown. */
export function useFieldProblem(id: string, problem: string | null): void {
  const report = useContext(ReportContext);
  useEffect(() => {
    report(id, problem);
    return () => report(id, null);
  }, [report, id, problem]);
}

/** Why training is blocked now: one sentence per field that holds something that is not a value. */
export const useFieldProblemList = () => useContext(ProblemsContext);
