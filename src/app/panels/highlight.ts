import { createContext, useContext } from 'react';

/** Ids of the panels a lesson step points at (PanelFrame marks them). Empty outside lessons. */
export const HighlightContext = createContext<ReadonlySet<string>>(new Set());

export const useHighlighted = (panelId: string) => useContext(HighlightContext).has(panelId);
