/** Marks a getter installed by {@link patchModelGetter} (one wrapper per prototype). */
const PATCHED = Symbol.for('agc.otel.adkModelGetter');

/**
 * Wraps the getter NAME of PROTO (an accessor on the prototype itself) so every value it
 * returns goes through OBSERVE first, which returns what the caller gets. `_patchMethod` cannot
 * do this: reading a getter on the prototype would run it with the prototype as `this`.
 *
 * A failure of OBSERVE is the caller's concern (it must not throw); the getter's own errors
 * (ADK's "No model found") propagate unchanged. Returns a function restoring the original
 * getter, or undefined when NAME is not a configurable getter of PROTO or is already wrapped.
 */
export function patchModelGetter(
  proto: object,
  name: string,
  observe: (value: unknown) => unknown,
): (() => void) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  // Read as data: the descriptor's `get` is typed as a method, but it is the getter function.
  const get: unknown = descriptor && Reflect.get(descriptor, 'get');
  if (descriptor?.configurable !== true || typeof get !== 'function') return undefined;
  if ((get as { [PATCHED]?: boolean })[PATCHED] === true) return undefined;
  const wrapped = function patchedGetter(this: unknown): unknown {
    return observe((get as (this: unknown) => unknown).call(this));
  };
  Object.defineProperty(wrapped, PATCHED, { value: true });
  Object.defineProperty(proto, name, { ...descriptor, get: wrapped });
  return () => {
    if (Object.getOwnPropertyDescriptor(proto, name)?.get === wrapped) {
      Object.defineProperty(proto, name, descriptor);
    }
  };
}
