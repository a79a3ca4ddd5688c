import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDnn } from './index';
import { cnnModel, residualModel } from './onnxTestModels';

/**
 * onnxruntime-node is a development dependency: its CPU binary ships in the npm package (.npmrc's
 * onnxruntime-node-install=skip only skips the optional GPU download). A machine where it does not load fails here
 * with the reason, never skips.
 */
async function onnxruntime(): Promise<typeof import('onnxruntime-node')> {
  try {
    const m = await import('onnxruntime-node');
    return ((m as { default?: unknown }).default ?? m) as typeof import('onnxruntime-node');
  } catch (e) {
    throw new Error(
      `onnxruntime-node could not be loaded: ${e instanceof Error ? e.message : String(e)}. It is a dev dependency of ` +
        '@s2sim/dnn-scheduler: run `npm ci` at the repository root (Linux/macOS/Windows x64 or arm64, Node >= 16)',
    );
  }
}

describe('float validation against onnxruntime-node', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2sim-ort-'));
  writeFileSync(join(dir, 'cnn.onnx'), cnnModel());
  writeFileSync(join(dir, 'residual.onnx'), residualModel());
  writeFileSync(join(dir, 'tiny.onnx'), readFileSync(resolve(__dirname, '../../../examples/dnn-tiny-cnn.onnx')));
  for (const name of ['tiny', 'cnn', 'residual']) {
    for (const granularity of ['per-tensor', 'per-channel'] as const) {
      it(`${name}.onnx (${granularity}): the chip's dequantised outputs lie within 3 output steps of onnxruntime's float outputs`, async () => {
        const ort = await onnxruntime();
        const { plan, result } = runDnn({ network: { onnx: `${name}.onnx` }, input: { seed: 4, low: -1, high: 1 }, quantization: { granularity, calibrationSamples: 8 }, chip: { workers: 6 } }, { baseDir: dir });
        const session = await ort.InferenceSession.create(join(dir, `${name}.onnx`), { logSeverityLevel: 3 }); // errors only: the test models declare a loose output shape
        const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', plan.input, [1, ...plan.graph.input.shape]) };
        const ref = (await session.run(feeds))[session.outputNames[0]].data as Float32Array;
        expect(result.output.length).toBe(ref.length);
        const lsb = plan.net.tensors.get(plan.net.output)!.scale;
        let maxErr = 0;
        for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(result.output[i] - ref[i]));
        // The quantisation bound: 3 steps of the output scale. Each quantised layer rounds its output to half a step
        // and passes earlier rounding (and its weights' rounding) on through its weights; over these 4-7 layers that
        // stays within a few steps (measured 0.7-1.6). The worst case, every rounding aligned through every weight,
        // is no useful bound: it exceeds the output range (85-8,000 steps for these models).
        expect(maxErr).toBeLessThanOrEqual(3 * lsb);
        const range = Math.max(...Array.from(ref, Math.abs));
        expect(range).toBeGreaterThan(20 * lsb); // outputs far from zero: the comparison means something
      });
    }
  }
});
