// Stub: Uwazi's ensure throws on a missing (falsy) value.
export function ensure<T>(argument: unknown, message?: string): T {
  if (!argument) throw new TypeError(message || 'Promised type was not provided!');
  return argument as T;
}
