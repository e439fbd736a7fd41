// Knowledge tables are looked up by names read from files (node types, apps, operations, field names): built without
// inherited members, so a node typed `constructor` or a field called `__proto__` finds nothing instead of Object's own.

/** A frozen table with no prototype: only its own entries are found. */
export function byName<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
