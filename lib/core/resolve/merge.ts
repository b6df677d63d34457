/**
 * `given` over `defaults`, key by key: a key given as `undefined` keeps its default, where a spread
 * (`{ ...defaults, ...given }`) would replace it with `undefined`, as a program that builds its spec from
 * optional variables easily writes.
 */
export function overDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const set = Object.entries(given ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaults, ...Object.fromEntries(set) };
}
