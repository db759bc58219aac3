/**
 * a * b + c on four float32 lanes, as one fused multiply-add where the CPU
 * has it (relaxed SIMD: V8 emits vfmadd with FMA3, else a multiply and an
 * add). Fused or not, each lane's error stays within the float32 bounds of
 * a dot product that the tests check.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.relaxed_madd(a, b, c);
}
