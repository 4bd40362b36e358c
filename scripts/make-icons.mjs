#!/usr/bin/env node
// Draws the tray icons (per state, @1x/@2x, macOS Template variants) and the app icon into assets/.
// Deterministic: run it again and the files are byte-identical. No image library needed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Anti-aliased coverage of a shape sampled 4x4 per pixel.
function coverage(x, y, inside) {
  let n = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (inside(x - 0.5 + (i + 0.5) / 4, y - 0.5 + (j + 0.5) / 4)) n++;
  return n / 16;
}

/** A key: a ring (the bow), a horizontal shaft and two teeth, in the upper part of the square. */
function keyShape(s) {
  const u = s / 16;
  return (x, y) => {
    const d = Math.hypot(x - 4.6 * u, y - 5.6 * u);
    const ring = d <= 3.7 * u && d >= 1.7 * u;
    const shaft = x >= 7.6 * u && x <= 15.4 * u && Math.abs(y - 5.6 * u) <= 1.0 * u;
    const teeth =
      y >= 5.6 * u && y <= 8.8 * u && ((x >= 11.2 * u && x <= 12.6 * u) || (x >= 13.8 * u && x <= 15.4 * u));
    return ring || shaft || teeth;
  };
}
const STATES = {
  ok: [34, 160, 90],
  expiring: [230, 160, 20],
  expired: [200, 50, 50],
  error: [200, 50, 50],
  refreshing: [60, 120, 220],
};
const BADGE = { cx: 12, cy: 12.4, r: 3.3 };
/** The state badge: dot (ok), ring (expiring), dot with a bar (expired/error), open arc (refreshing). */
function badge(state, s) {
  const u = s / 16;
  const cx = BADGE.cx * u,
    cy = BADGE.cy * u,
    r = BADGE.r * u;
  const d = (x, y) => Math.hypot(x - cx, y - cy);
  if (state === 'refreshing') return (x, y) => d(x, y) <= r && d(x, y) >= r - 1.3 * u && !(x > cx && y < cy);
  if (state === 'expiring') return (x, y) => d(x, y) <= r && d(x, y) >= r - 1.3 * u;
  if (state === 'error' || state === 'expired')
    return (x, y) => d(x, y) <= r && !(Math.abs(y - cy) <= 0.6 * u && Math.abs(x - cx) <= r - 1.1 * u);
  return (x, y) => d(x, y) <= r;
}

function trayIcon(state, size, template) {
  const key = keyShape(size);
  const mark = badge(state, size);
  const [r, g, b] = STATES[state];
  return png(size, (x, y) => {
    const m = coverage(x, y, mark);
    const u = size / 16;
    // keep the key clear of the badge with a small gap
    const gap = coverage(x, y, (px, py) => Math.hypot(px - BADGE.cx * u, py - BADGE.cy * u) <= (BADGE.r + 0.9) * u);
    const k = coverage(x, y, key) * (1 - gap);
    if (template) return [0, 0, 0, Math.round(255 * Math.min(1, k + m))];
    if (m > 0) return [r, g, b, Math.round(255 * m)];
    return [128, 128, 136, Math.round(255 * k)]; // mid-grey: readable on light and dark panels
  });
}

function appIcon(size) {
  const key = keyShape(size);
  return png(size, (x, y) => {
    const u = size / 16;
    const inBg = coverage(x, y, (px, py) => {
      const r = 3.2 * u,
        m = 0.6 * u;
      const qx = Math.max(m + r - px, 0, px - (size - m - r));
      const qy = Math.max(m + r - py, 0, py - (size - m - r));
      return Math.hypot(qx, qy) <= r;
    });
    const k = coverage(x, y, (px, py) => key((px - 8 * u) * 1.25 + 8.15 * u, (py - 8 * u) * 1.25 + 5.35 * u));
    const bg = [204, 120, 92];
    return [
      Math.round(bg[0] * (1 - k) + 255 * k),
      Math.round(bg[1] * (1 - k) + 255 * k),
      Math.round(bg[2] * (1 - k) + 255 * k),
      Math.round(255 * inBg),
    ];
  });
}

const trayDir = path.join(root, 'assets', 'tray');
mkdirSync(trayDir, { recursive: true });
for (const state of Object.keys(STATES)) {
  writeFileSync(path.join(trayDir, `${state}.png`), trayIcon(state, 16, false));
  writeFileSync(path.join(trayDir, `${state}@2x.png`), trayIcon(state, 32, false));
  writeFileSync(path.join(trayDir, `${state}Template.png`), trayIcon(state, 16, true));
  writeFileSync(path.join(trayDir, `${state}Template@2x.png`), trayIcon(state, 32, true));
}
for (const size of [1024, 512, 256])
  writeFileSync(path.join(root, 'assets', size === 1024 ? 'icon.png' : `icon-${size}.png`), appIcon(size));
console.log('icons written to assets/');
