// Draws the tray icons (resources/tray-<state>-<light|dark>.png and @2x) as PNGs by hand: a ring
// for the app with a mark per state (idle: a dot, earning: a filled disc, paused: two bars, alert:
// an exclamation mark). No image library: shapes are signed-distance tests, 4x4 supersampled, and
// the PNG is written with zlib. `light`: for light menu bars (dark glyph); `dark`: the opposite.
// Run `node scripts/make-tray-icons.mjs` and commit the PNGs; the output is deterministic.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const STATES = {
  idle: { accent: null, mark: 'dot' },
  earning: { accent: [46, 160, 67], mark: 'disc' },
  paused: { accent: null, mark: 'bars' },
  alert: { accent: [217, 83, 30], mark: 'bang' },
};
const GLYPH = { light: [34, 34, 34], dark: [238, 238, 238] };

// Shapes in a unit square (0..1), true when (x, y) is inside.
const ring = (x, y) => {
  const d = Math.hypot(x - 0.5, y - 0.5);
  return d <= 0.47 && d >= 0.36;
};
const MARKS = {
  dot: (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.11,
  disc: (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.26,
  bars: (x, y) => y >= 0.32 && y <= 0.68 && ((x >= 0.36 && x <= 0.45) || (x >= 0.55 && x <= 0.64)),
  bang: (x, y) => (x >= 0.45 && x <= 0.55 && y >= 0.26 && y <= 0.58) || Math.hypot(x - 0.5, y - 0.7) <= 0.06,
};

function draw(size, state, theme) {
  const { accent, mark } = STATES[state];
  const glyph = GLYPH[theme];
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let ringHits = 0;
      let markHits = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          if (MARKS[mark](x, y)) markHits++;
          else if (ring(x, y)) ringHits++;
        }
      const total = S * S;
      const a = (ringHits + markHits) / total;
      if (a === 0) continue;
      // The mark carries the state's colour where it has one; the ring stays the glyph colour.
      const markColor = accent ?? glyph;
      const w = markHits / (ringHits + markHits);
      const c = glyph.map((g, i) => Math.round(g * (1 - w) + markColor[i] * w));
      rgba.set([...c, Math.round(a * 255)], (py * size + px) * 4);
    }
  return png(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../resources/', import.meta.url);
mkdirSync(out, { recursive: true });
for (const state of Object.keys(STATES))
  for (const theme of Object.keys(GLYPH)) {
    writeFileSync(new URL(`tray-${state}-${theme}.png`, out), draw(16, state, theme));
    writeFileSync(new URL(`tray-${state}-${theme}@2x.png`, out), draw(32, state, theme));
  }
// The app icon for windows and installers (electron-builder makes .ico/.icns from a 512 px PNG).
writeFileSync(new URL('icon.png', out), draw(512, 'earning', 'light'));
console.log('resources/: tray icons (4 states x light/dark, 1x and 2x) and icon.png written');
