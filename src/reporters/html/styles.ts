/** Inline stylesheet of report.html (the page loads nothing: its CSP forbids every fetch). */
export const reportCss = `
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #1f2328; }
h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.description, .muted { color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12px; vertical-align: middle; }
.badge.pass { background: var(--pass); } .badge.fail, .badge.error { background: var(--fail); }
.badge.warn, .badge.inconclusive { background: var(--warn); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { max-width: 520px; overflow-wrap: anywhere; white-space: pre-wrap; }
.error-box { border: 1px solid var(--fail); background: #ffebe9; padding: 8px 12px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.charts figure { margin: 0; } .charts img { display: block; max-width: 100%; height: auto; }
.gallery { display: flex; flex-wrap: wrap; gap: 12px; }
.example { border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 0; }
.example .images { display: flex; gap: 6px; }
.example .images figure { margin: 0; text-align: center; font-size: 11px; color: var(--muted); }
.example img { width: 84px; height: 84px; image-rendering: pixelated; display: block; border: 1px solid var(--line); }
.example figcaption.labels { font-size: 12px; margin-top: 6px; max-width: 372px; overflow-wrap: anywhere; }
.broken { color: var(--fail); font-weight: 600; }
`;
