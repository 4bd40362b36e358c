/**
 * Layout measurements in the real Chromium page for the browser suite (issue 17's window details):
 * the gap between two boxes, the contrast a user sees (opacity included), where text wraps.
 */
import type { Locator } from '@playwright/test';

/** Pixels between the bottom of `upper` and the top of `lower` (negative when they overlap). */
export async function gapBetween(upper: Locator, lower: Locator): Promise<number> {
  const a = await upper.boundingBox();
  const b = await lower.boundingBox();
  if (!a || !b) throw new Error('gapBetween: an element is not visible');
  return b.y - (a.y + a.height);
}

/**
 * WCAG contrast ratio of the element's text against its own background, both as painted over the
 * page background with the element's opacity (a disabled button at opacity 0.55 is what the eye sees).
 */
export async function paintedContrast(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const rgba = (c: string): number[] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) throw new Error(`colour ${c}`);
      const [r, g, b, a] = m[1]!.split(',').map((x) => Number(x.trim()));
      return [r!, g!, b!, a ?? 1];
    };
    const over = (top: number[], under: number[], alpha: number): number[] =>
      [0, 1, 2].map((i) => top[i]! * alpha + under[i]! * (1 - alpha));
    const page = rgba(getComputedStyle(document.body).backgroundColor);
    const s = getComputedStyle(node);
    const opacity = Number(s.opacity);
    const bgRaw = rgba(s.backgroundColor);
    const bg = over(bgRaw, page, bgRaw[3]!);
    const fgRaw = rgba(s.color);
    const fg = over(fgRaw, bg, fgRaw[3]!);
    const seenBg = over(bg, page, opacity);
    const seenFg = over(fg, page, opacity);
    const lum = (c: number[]): number => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [hi, lo] = [lum(seenBg), lum(seenFg)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  });
}

/**
 * Where the text `needle` inside the element wraps onto a new line: for each wrap, the characters of
 * needle before it (so "/tmp/cat-home-" means it broke after a hyphen in the middle of a name).
 */
export async function wrapsInside(el: Locator, needle: string): Promise<string[]> {
  return el.evaluate((node, needleText) => {
    const texts: Text[] = [];
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
    const chars: { t: Text; i: number }[] = [];
    for (const t of texts) for (let i = 0; i < t.data.length; i++) chars.push({ t, i });
    const full = chars.map((c) => c.t.data[c.i]).join('');
    const start = full.indexOf(needleText);
    if (start < 0) throw new Error(`wrapsInside: "${needleText}" is not in the element`);
    const wraps: string[] = [];
    let lastTop: number | undefined;
    for (let k = start; k < start + needleText.length; k++) {
      const r = document.createRange();
      r.setStart(chars[k]!.t, chars[k]!.i);
      r.setEnd(chars[k]!.t, chars[k]!.i + 1);
      const rect = r.getClientRects()[0];
      if (!rect) continue;
      if (lastTop !== undefined && rect.top > lastTop + 2) wraps.push(full.slice(start, k));
      lastTop = rect.top;
    }
    return wraps;
  }, needle);
}
