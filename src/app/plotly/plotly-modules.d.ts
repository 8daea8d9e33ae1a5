// Plotly's partial-bundle entry points ship no types (TECH-NOTES §5).
declare module 'plotly.js/lib/*' {
  const mod: unknown;
  export default mod;
}
