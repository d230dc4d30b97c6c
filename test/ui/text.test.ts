import { describe, expect, it } from 'vitest';
import { formatDuration, progressBar } from '../../src/ui/text/bars.js';
import { detectColorSupport } from '../../src/ui/text/color-support.js';
import { decodeImage, halfBlockLines, pixelRgb, shadeLines, shrinkToWidth } from '../../src/ui/text/pixels.js';
import { truncate, visibleWindow } from '../../src/ui/text/window.js';

describe('progressBar', () => {
  it.each([
    [0, 4, '    '], [1, 4, '████'], [0.5, 4, '██  '], [1 / 32, 4, '▏   '], [0.999, 4, '████'], [-1, 3, '   '], [2, 3, '███'],
  ])('fraction %d over %d cells → %j', (fraction, width, expected) => {
    expect(progressBar(fraction, width)).toBe(expected);
  });
  it('fills the rest with the track character and keeps the width', () => {
    expect(progressBar(0.25, 8, '░')).toBe('██░░░░░░');
    expect(progressBar(0.3, 37)).toHaveLength(37);
  });
});

describe('formatDuration', () => {
  it.each([[0, '0s'], [42.4, '42s'], [59.6, '1m 00s'], [185, '3m 05s'], [3720, '1h 02m'], [-5, '0s']])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('detectColorSupport', () => {
  it.each([
    [{}, { colors: true, truecolor: false }],
    [{ COLORTERM: 'truecolor' }, { colors: true, truecolor: true }],
    [{ COLORTERM: '24bit' }, { colors: true, truecolor: true }],
    [{ NO_COLOR: '1', COLORTERM: 'truecolor' }, { colors: false, truecolor: false }],
    [{ NO_COLOR: '' }, { colors: true, truecolor: false }],
    [{ FORCE_COLOR: '0' }, { colors: false, truecolor: false }],
    [{ TERM: 'dumb' }, { colors: false, truecolor: false }],
    [{ FORCE_COLOR: '3' }, { colors: true, truecolor: true }],
  ])('%j → %j', (env, expected) => {
    expect(detectColorSupport(env as NodeJS.ProcessEnv)).toEqual(expected);
  });
});

describe('visibleWindow and truncate', () => {
  it('shows everything when it fits, else a window that keeps the cursor inside', () => {
    expect(visibleWindow(3, 2, 10)).toEqual({ start: 0, end: 3 });
    expect(visibleWindow(20, 0, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleWindow(20, 10, 5)).toEqual({ start: 8, end: 13 });
    expect(visibleWindow(20, 19, 5)).toEqual({ start: 15, end: 20 });
    for (let cursor = 0; cursor < 20; cursor++) {
      const { start, end } = visibleWindow(20, cursor, 4);
      expect(cursor >= start && cursor < end && end - start === 4).toBe(true);
    }
  });
  it('truncates with an ellipsis', () => {
    expect(truncate('fashion-cnn', 20)).toBe('fashion-cnn');
    expect(truncate('fashion-cnn', 6)).toBe('fashi…');
    expect(truncate('x', 0)).toBe('');
  });
});

const b64 = (values: number[]) => Buffer.from(Uint8Array.from(values)).toString('base64');

describe('pixels', () => {
  it('decodes base64 uint8 images and refuses mismatched shapes', () => {
    expect(decodeImage(b64([1, 2, 3, 4]), [2, 2, 1])).toEqual({ width: 2, height: 2, channels: 1, data: Uint8Array.from([1, 2, 3, 4]) });
    expect(decodeImage(b64([1, 2, 3]), [2, 2, 1])).toBeUndefined();
    expect(decodeImage(b64([1, 2, 3, 4]), [2, 2, 2])).toBeUndefined();
    expect(decodeImage(b64([1, 2, 3, 4]), [0, 4, 1])).toBeUndefined();
    expect(decodeImage(b64([1, 2, 3, 4]), [2, 2])).toBeUndefined();
  });

  it('half blocks: foreground is the upper pixel, background the lower, one reset per line', () => {
    const image = decodeImage(b64([0, 255, 128, 64]), [2, 2, 1])!;
    expect(halfBlockLines(image, 'image')).toEqual([
      '\u001B[38;2;0;0;0m\u001B[48;2;128;128;128m▀\u001B[38;2;255;255;255m\u001B[48;2;64;64;64m▀\u001B[0m',
    ]);
    const rgb = decodeImage(b64([255, 0, 0, 0, 0, 255]), [2, 1, 3])!;
    expect(halfBlockLines(rgb, 'image')).toEqual(['\u001B[38;2;255;0;0m\u001B[48;2;0;0;255m▀\u001B[0m']);
  });

  it('an odd last row leaves the background untouched', () => {
    const image = decodeImage(b64([10, 20, 30]), [3, 1, 1])!;
    const lines = halfBlockLines(image, 'image');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('\u001B[49m\u001B[38;2;30;30;30m▀\u001B[0m');
  });

  it('signed mode maps 128 to black, + to red, − to blue', () => {
    const image = decodeImage(b64([128, 255, 1]), [1, 3, 1])!;
    expect(pixelRgb(image, 0, 0, 'signed')).toEqual([0, 0, 0]);
    expect(pixelRgb(image, 1, 0, 'signed')).toEqual([255, 64, 0]);
    expect(pixelRgb(image, 2, 0, 'signed')).toEqual([0, 115, 255]);
  });

  it('greyscale fallback: one shade per pixel column from the mean of two rows, no escapes', () => {
    const image = decodeImage(b64([0, 255, 0, 128, 0, 255, 0, 128]), [2, 4, 1])!;
    expect(shadeLines(image, 'image')).toEqual([' █ ▒']);
    const signed = decodeImage(b64([128, 255, 1, 128]), [2, 2, 1])!;
    expect(shadeLines(signed, 'signed')).toEqual(['▒▒']); // |δ| = 0 and 1 in each column
  });

  it('shrinks wide images by box averaging to fit the width', () => {
    const image = decodeImage(b64([0, 100, 200, 50, 0, 100, 200, 50]), [2, 4, 1])!;
    expect(shrinkToWidth(image, 4)).toBe(image);
    expect(shrinkToWidth(image, 2)).toEqual({ width: 2, height: 1, channels: 1, data: Uint8Array.from([50, 125]) });
    expect(shrinkToWidth(image, 3).width).toBe(2);
  });
});
