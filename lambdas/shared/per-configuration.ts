/**
 * A value built once per container, as Lambda would, but rebuilt if the environment it was built from
 * changes — which happens only when one process hosts local mode more than once (tests, bench).
 */
export function perConfiguration<T>(variables: readonly string[], build: () => T): () => T {
  let builtFor: string | undefined;
  let value: T | undefined;
  return () => {
    const key = variables.map((name) => process.env[name] ?? '').join('\u0000');
    if (value === undefined || key !== builtFor) {
      value = build();
      builtFor = key;
    }
    return value;
  };
}
