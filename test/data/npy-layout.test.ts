/**
 * `.npy` files as NumPy itself writes them: Fortran order (what `np.save` produces for an
 * F-contiguous array, e.g. after a transpose) and big-endian dtypes. The bytes below were written
 * by NumPy 2.4 (`np.save`), so the test checks our reader against the real format, not against our
 * own encoder.
 */
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/data/npy.js';
import { fortranToC, swapByteOrder } from '../../src/data/npy-layout.js';

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** np.save(np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4))) */
const fortran3d = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQQAAgEAAAIBBAAAAQQAAoEEAAIA/AABQQQAAoEAAAIhBAAAQQQAAqEEAAABAAABgQQAAwEAAAJBBAAAgQQAAsEEAAEBAAABwQQAA4EAAAJhBAAAwQQAAuEE=';
/** np.save(np.arange(6, dtype=np.uint8).reshape(2, 3).T) — NumPy writes the transpose in Fortran order by itself. */
const transposed = 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBAU=';
/** np.save(np.array([[1.5, -2.25], [1e6, 3]], dtype='>f4')) */
const bigFloat = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAwBAAAEl0JABAQAAA';
/** np.save(np.array([1, -2, 300000], dtype='>i8')) */
const bigInt64 = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAf/////////+AAAAAAAEk+A=';
/** np.save(np.array([1, 65535, 258], dtype='>u2')) */
const bigUint16 = 'k05VTVBZAQB2AHsnZGVzY3InOiAnPnUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf//AQI=';

describe('.npy as NumPy writes it', () => {
  it('reads a Fortran-ordered 3-D array back in C order', () => {
    const array = decodeNpy(fromBase64(fortran3d));
    expect(array.shape).toEqual([2, 3, 4]);
    expect(Array.from(array.values)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('reads a transposed array (NumPy saved it Fortran-ordered by itself)', () => {
    const array = decodeNpy(fromBase64(transposed));
    expect(array).toMatchObject({ shape: [3, 2], dtype: 'uint8' });
    expect(Array.from(array.values)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it.each([
    ['>f4', bigFloat, 'float32', [1.5, -2.25, 1e6, 3]],
    ['>i8', bigInt64, 'int64', [1, -2, 300000]],
    ['>u2', bigUint16, 'uint16', [1, 65535, 258]],
  ])('reads big-endian %s', (_descr, bytes, dtype, expected) => {
    const array = decodeNpy(fromBase64(bytes));
    expect(array.dtype).toBe(dtype);
    expect(Array.from(array.values)).toEqual(expected);
  });

  it('fortranToC is the identity on vectors and transposes a matrix', () => {
    const vector = Float32Array.of(1, 2, 3);
    expect(fortranToC(vector, [3])).toBe(vector);
    expect(Array.from(fortranToC(Int32Array.of(1, 4, 2, 5, 3, 6), [2, 3]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('swapByteOrder reverses each element and leaves bytes alone', () => {
    const bytes = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    swapByteOrder(bytes, 4);
    expect(Array.from(bytes)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    swapByteOrder(bytes, 1);
    expect(Array.from(bytes)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
  });
});
