/**
 * SIMD training kernels compiled to WebAssembly with AssemblyScript
 * (`npm run build:kernels`). The module imports the tfjs wasm backend's own
 * memory and works on tensors in place; it has no data segment and
 * allocates nothing (module globals hold only the current call's geometry;
 * each thread has its own instance). Loaded by lib/wasm/simd.ts.
 */
export { conv2dBackpropFilter } from './conv2d-backprop-filter';
export { centeredSquares, channelSums, gradInput, gradSums, normalize, scaleShift } from './batch-norm';
export { conv2d } from './conv2d';
export { add, addRelu, reluGrad } from './elementwise';
export { kerasSgdStep } from './sgd-step';
export { winograd, winogradFilter, winogradFilterGrad, winogradFilterGradOut } from './winograd';
