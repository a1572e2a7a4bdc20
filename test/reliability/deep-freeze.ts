// Test helper: freezes a value and everything inside it, without recursion (hostile values nest
// thousands of levels), so any attempt by the matcher to mutate an event fails loudly.
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object') continue;
    try {
      if (Object.isFrozen(item)) continue;
      Object.freeze(item);
      for (const key of Reflect.ownKeys(item)) pending.push((item as Record<PropertyKey, unknown>)[key]);
    } catch {
      // A hostile Proxy refuses to be inspected; it is passed on as it is.
    }
  }
  return value;
}
