// Plotly's partial-bundle entry points ship no types (docs/engine-notes.md#plotly).
declare module 'plotly.js/lib/*' {
  const mod: unknown;
  export default mod;
}
