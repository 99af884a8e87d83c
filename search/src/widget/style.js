// The widget's styles, inside its shadow root: nothing here reaches the store's page, and the
// store's CSS reaches only what is inherited, which the root below sets for itself. Sizes are in
// px, never rem: a store's `html { font-size }` must not scale the panel.
export const STYLE = `
:host { all: initial !important; }
.kbw { all: initial; font: 400 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; letter-spacing: normal; text-align: start; text-transform: none; }
.kbw * { box-sizing: border-box; font: inherit; color: inherit; letter-spacing: inherit; }
.kbw [hidden] { display: none !important; }
.kbw-launcher { position: fixed; inset-inline-end: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center;
  gap: 8px; min-height: 48px; padding: 0; padding-inline: 16px 20px; border: 0; border-radius: 24px; background: var(--kbw-primary);
  color: var(--kbw-on-primary); font-weight: 600; font-size: 16px; cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
.kbw-launcher svg { width: 22px; height: 22px; fill: currentColor; }
.kbw-launcher:focus-visible, .kbw button:focus-visible, .kbw a:focus-visible, .kbw input:focus-visible {
  outline: 3px solid var(--kbw-focus); outline-offset: 2px; }
.kbw-panel { position: fixed; inset-inline-end: 20px; bottom: 84px; z-index: 2147483001; display: flex; flex-direction: column;
  width: 400px; height: min(640px, calc(100vh - 104px)); background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 12px 40px rgb(0 0 0 / 30%); }
.kbw-panel[hidden] { display: none; }
.kbw-head { display: flex; align-items: center; gap: 8px; padding: 12px; padding-inline-start: 20px; background: var(--kbw-primary);
  color: var(--kbw-on-primary); }
.kbw-title { flex: 1; margin: 0; font-size: 17px; font-weight: 700; }
.kbw-icon { display: inline-flex; align-items: center; justify-content: center; min-width: 40px; height: 40px; padding: 0 8px;
  border: 0; border-radius: 8px; background: transparent; color: inherit; font-size: 15px; cursor: pointer; }
.kbw-icon:hover { background: rgb(255 255 255 / 18%); }
.kbw-icon svg { width: 22px; height: 22px; fill: currentColor; }
.kbw-body { flex: 1; overflow-y: auto; padding: 16px 20px 20px; }
.kbw-label { display: block; margin: 0 0 6px; font-weight: 600; }
.kbw-input { display: block; width: 100%; min-height: 44px; padding: 8px 12px; border: 1px solid #6e7781; border-radius: 8px;
  background: #fff; font-size: 16px; }
.kbw-status { margin: 8px 0 0; font-size: 14px; color: #57606a; }
.kbw-status:empty { display: none; }
.kbw-h { margin: 20px 0 8px; font-size: 13px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
.kbw-list { margin: 0; padding: 0; list-style: none; }
.kbw-list li + li { border-top: 1px solid #d8dee4; }
.kbw-list a { display: block; padding: 10px 0; color: #1f2328; text-decoration: none; }
.kbw-list a:hover .kbw-result-title { text-decoration: underline; }
.kbw-result-title { display: block; color: var(--kbw-link); font-weight: 600; }
.kbw-result-snippet { display: block; font-size: 14px; color: #424a53; }
.kbw-result-snippet mark { background: #fff3b0; color: inherit; }
.kbw-article { contain: layout paint; }
.kbw-article h1 { margin: 4px 0 12px; font-size: 22px; line-height: 1.3; font-weight: 700; }
.kbw-article h2 { margin: 20px 0 8px; font-size: 18px; font-weight: 700; }
.kbw-article h3, .kbw-article h4 { margin: 16px 0 6px; font-size: 16px; font-weight: 700; }
.kbw-article p, .kbw-article ul, .kbw-article ol, .kbw-article table, .kbw-article details { margin: 0 0 12px; }
.kbw-article ul, .kbw-article ol { padding-inline-start: 22px; }
.kbw-article a { color: var(--kbw-link); }
.kbw-article img { max-width: 100%; height: auto; }
.kbw-article table { border-collapse: collapse; display: block; overflow-x: auto; }
.kbw-article th, .kbw-article td { padding: 4px 8px; border: 1px solid #d8dee4; }
.kbw-article code { font-family: ui-monospace, monospace; font-size: 14px; }
.kbw-article .admonition, .kbw-article details { padding: 8px 12px; border-inline-start: 4px solid var(--kbw-primary); background: #f6f8fa; }
.kbw-article summary { font-weight: 600; cursor: pointer; }
.kbw-article .kbgen-list__title { display: block; font-weight: 600; }
.kbw-article .kbgen-list__text { display: block; font-size: 14px; color: #424a53; }
.kbw-article .kbgen-list__item { margin: 0 0 8px; }
.kbw-open { display: inline-block; margin: 4px 0 0; color: var(--kbw-link); }
.kbw-feedback { margin: 20px 0 0; padding: 12px 16px; border-radius: 8px; background: #f6f8fa; }
.kbw-feedback p { margin: 0; }
.kbw-votes { display: flex; gap: 8px; margin: 8px 0 0; }
.kbw-vote { min-width: 72px; min-height: 40px; padding: 0 16px; border: 1px solid #6e7781; border-radius: 8px; background: #fff;
  cursor: pointer; font-weight: 600; }
.kbw-vote[aria-pressed=true] { background: var(--kbw-primary); border-color: var(--kbw-primary); color: var(--kbw-on-primary); }
.kbw-thanks:empty { display: none; }
.kbw-thanks { margin-top: 8px !important; }
.kbw-contact { margin: 24px 0 0; padding: 16px 0 0; border-top: 1px solid #d8dee4; }
.kbw-contact h3 { margin: 0 0 4px; font-size: 16px; font-weight: 700; }
.kbw-contact p { margin: 0 0 8px; font-size: 14px; color: #424a53; }
.kbw-channels { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 8px; padding: 0; list-style: none; }
.kbw-channels a { display: inline-flex; align-items: center; min-height: 40px; padding: 0 14px; border: 1px solid var(--kbw-link);
  border-radius: 20px; color: var(--kbw-link); font-weight: 600; text-decoration: none; }
.kbw-channels a:hover { background: #f6f8fa; }
.kbw-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .kbw-panel { inset: 0; width: auto; height: auto; border-radius: 0; }
  .kbw-launcher { inset-inline-end: 12px; bottom: 12px; }
}
`;
