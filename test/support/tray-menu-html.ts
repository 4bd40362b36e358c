/**
 * Test-only (never shipped): draws a tray menu model (main/core/tray-menu-model) as a macOS menu-bar
 * menu in HTML, so the browser suite can photograph what the tray shows in each state (issue 17).
 * Items map as main/electron/tray.ts maps them to Electron: a header is a disabled label, radio and
 * checkbox items show a check mark when checked, an action may be disabled. The menu-bar icon is the
 * state's template image from assets/tray (black; macOS draws it white on a dark menu bar).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrayItem, TrayModel } from '../../main/core/tray-menu-model';

/** A submenu as Electron shows one (the model has none today; drawn if it ever gets one). */
type DrawnItem = TrayItem | { readonly kind: 'submenu'; readonly label: string; readonly items: readonly TrayItem[] };

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function itemHtml(i: DrawnItem): string {
  switch (i.kind) {
    case 'separator':
      return '<li class="sep" role="separator"></li>';
    case 'header':
      return `<li class="item disabled" role="menuitem" aria-disabled="true"><span class="check"></span>${esc(i.label)}</li>`;
    case 'radio':
    case 'checkbox':
      return `<li class="item" role="menuitem${i.kind}" aria-checked="${i.checked}"><span class="check">${i.checked ? '✓' : ''}</span>${esc(i.label)}</li>`;
    case 'action':
      return `<li class="item${i.enabled === false ? ' disabled' : ''}" role="menuitem"${i.enabled === false ? ' aria-disabled="true"' : ''}><span class="check"></span>${esc(i.label)}</li>`;
    case 'submenu':
      return `<li class="item" role="menuitem" aria-haspopup="menu"><span class="check"></span>${esc(i.label)}<span class="arrow">›</span></li>`;
  }
}

const CSS = `
  :root { color-scheme: light dark; }
  body { margin: 0; background: transparent; font-family: 'SF Pro Text', 'Helvetica Neue', 'DejaVu Sans', sans-serif; }
  #shot { display: inline-block; padding: 0 24px 28px; background: #b7c7e3; }
  .bar { height: 24px; margin: 0 -24px; padding: 0 14px 0 24px; display: flex; align-items: center;
    justify-content: space-between; gap: 14px; font-size: 13px; color: rgba(0,0,0,.85);
    background: rgba(255,255,255,.55); backdrop-filter: blur(20px); }
  .tray { height: 22px; padding: 0 7px; display: flex; align-items: center; border-radius: 5px; background: rgba(0,0,0,.1); }
  .tray img { width: 16px; height: 16px; }
  .menu { list-style: none; margin: 1px 0 0; padding: 5px; min-width: 220px; width: max-content;
    font-size: 13px; letter-spacing: -0.15px; color: rgba(0,0,0,.85); background: rgba(246,246,246,.94);
    border-radius: 7px; box-shadow: 0 0 0 .5px rgba(0,0,0,.25), 0 8px 24px rgba(0,0,0,.22); }
  .item { height: 22px; line-height: 22px; padding: 0 18px 0 4px; border-radius: 4px; white-space: nowrap; display: flex; }
  .item.disabled { color: rgba(0,0,0,.3); }
  .check { width: 18px; flex: none; text-align: center; font-size: 12px; }
  .arrow { margin-left: auto; padding-left: 24px; }
  .sep { height: 1px; margin: 5px 10px; background: rgba(0,0,0,.1); }
  @media (prefers-color-scheme: dark) {
    #shot { background: #2a3147; }
    .bar { color: rgba(255,255,255,.85); background: rgba(30,30,30,.55); }
    .tray { background: rgba(255,255,255,.18); }
    .tray img { filter: invert(1); }
    .menu { color: rgba(255,255,255,.88); background: rgba(40,40,42,.94);
      box-shadow: 0 0 0 .5px rgba(0,0,0,.6), inset 0 0 0 .5px rgba(255,255,255,.16), 0 8px 24px rgba(0,0,0,.45); }
    .item.disabled { color: rgba(255,255,255,.3); }
    .sep { background: rgba(255,255,255,.12); }
  }
`;

/** The page: a strip of menu bar with the tray icon, the menu open under it. */
export function trayMenuHtml(model: TrayModel, assetsDir: string): string {
  const icon = fs.readFileSync(path.join(assetsDir, 'tray', `${model.icon}Template@2x.png`)).toString('base64');
  const items = (model.items as readonly DrawnItem[]).map(itemHtml).join('\n      ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tray menu</title><style>${CSS}</style></head>
<body>
  <div id="shot">
    <div class="bar"><span class="tray" title="${esc(model.tooltip)}"><img alt="Claude Auth Tray: ${esc(model.icon)}" src="data:image/png;base64,${icon}"></span><span>Mon 9:41</span></div>
    <ul class="menu" role="menu" aria-label="Claude Auth Tray">
      ${items}
    </ul>
  </div>
</body></html>`;
}
