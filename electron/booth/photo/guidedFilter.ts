// Colour guided filter (He, Sun & Tang 2010) in its fast form (He & Sun 2015): smooths a coarse
// alpha while snapping its edges to the edges of the photo, so hair strands the low-resolution
// person mask lost come back. The linear coefficients are smooth, so they are computed at half
// resolution and applied to the full-resolution guide.
import { boxMean, double, halve } from './boxFilter.ts';

export interface PlanarRgb {
  width: number;
  height: number;
  /** three planes, values 0..1 */
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

/** Per-pixel coefficients of q = a·I + b, already averaged over the window. */
function coefficients(I0: Float32Array, I1: Float32Array, I2: Float32Array, p: Float32Array, w: number, h: number, radius: number, eps: number): Float32Array[] {
  const n = w * h;
  const mean = (src: Float32Array) => boxMean(src, w, h, radius);
  const product = (a: Float32Array, b: Float32Array) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
    return out;
  };
  const m0 = mean(I0), m1 = mean(I1), m2 = mean(I2), mp = mean(p);
  const mp0 = mean(product(I0, p)), mp1 = mean(product(I1, p)), mp2 = mean(product(I2, p));
  const v00 = mean(product(I0, I0)), v01 = mean(product(I0, I1)), v02 = mean(product(I0, I2));
  const v11 = mean(product(I1, I1)), v12 = mean(product(I1, I2)), v22 = mean(product(I2, I2));

  const a0 = new Float32Array(n), a1 = new Float32Array(n), a2 = new Float32Array(n), b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const mu0 = m0[i]!, mu1 = m1[i]!, mu2 = m2[i]!, pm = mp[i]!;
    const c0 = mp0[i]! - mu0 * pm, c1 = mp1[i]! - mu1 * pm, c2 = mp2[i]! - mu2 * pm;
    // covariance of the guide in the window, regularised by eps
    const s00 = v00[i]! - mu0 * mu0 + eps, s01 = v01[i]! - mu0 * mu1, s02 = v02[i]! - mu0 * mu2;
    const s11 = v11[i]! - mu1 * mu1 + eps, s12 = v12[i]! - mu1 * mu2, s22 = v22[i]! - mu2 * mu2 + eps;
    // inverse of the symmetric 3x3 by cofactors
    const i00 = s11 * s22 - s12 * s12, i01 = s02 * s12 - s01 * s22, i02 = s01 * s12 - s02 * s11;
    const i11 = s00 * s22 - s02 * s02, i12 = s01 * s02 - s00 * s12, i22 = s00 * s11 - s01 * s01;
    const det = s00 * i00 + s01 * i01 + s02 * i02;
    const ca0 = (i00 * c0 + i01 * c1 + i02 * c2) / det;
    const ca1 = (i01 * c0 + i11 * c1 + i12 * c2) / det;
    const ca2 = (i02 * c0 + i12 * c1 + i22 * c2) / det;
    a0[i] = ca0; a1[i] = ca1; a2[i] = ca2;
    b[i] = pm - ca0 * mu0 - ca1 * mu1 - ca2 * mu2;
  }
  return [mean(a0), mean(a1), mean(a2), mean(b)];
}

/** Filters `p` (one channel, same size as the guide) with the colour guide; eps is the edge threshold in (0..1)² units. */
export function guidedFilter(guide: PlanarRgb, p: Float32Array, radius: number, eps: number): Float32Array {
  const { width, height } = guide;
  const [r, g, b, pp] = [guide.r, guide.g, guide.b, p].map((plane) => halve(plane, width, height));
  const w = r!.width, h = r!.height;
  const coeffs = coefficients(r!.data, g!.data, b!.data, pp!.data, w, h, Math.max(1, Math.round(radius / 2)), eps);
  const [ma0, ma1, ma2, mb] = coeffs.map((c) => double(c, w, h, width, height));
  const q = new Float32Array(width * height);
  for (let i = 0; i < q.length; i++) q[i] = ma0![i]! * guide.r[i]! + ma1![i]! * guide.g[i]! + ma2![i]! * guide.b[i]! + mb![i]!;
  return q;
}
