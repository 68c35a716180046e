/**
 * The prototype of the class exported as NAME by a module (CommonJS exports or an ESM namespace),
 * or undefined when the module does not export such a class.
 */
export function exportedPrototype(exports: unknown, name: string): object | undefined {
  const value = (exports as Record<string, unknown> | null | undefined)?.[name];
  const proto = typeof value === 'function' ? (value.prototype as unknown) : undefined;
  return typeof proto === 'object' && proto !== null ? proto : undefined;
}
