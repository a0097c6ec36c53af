/** The list with `value` added, or removed if it was there; undefined when it ends up empty. */
export function toggleInList<T>(list: readonly T[] | undefined, value: T): T[] | undefined {
  const current = list ?? [];
  const next = current.includes(value)
    ? current.filter((item) => item !== value)
    : [...current, value];
  return next.length ? next : undefined;
}
