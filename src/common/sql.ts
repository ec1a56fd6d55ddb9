/** Small helpers for building queries safely. */

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes the characters special to Postgres regular expressions, so `s` matches itself in `~*`. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
}

/**
 * A LIKE pattern, as SQL, for the text in parameter `param` compared folded (search_fold: case
 * and accents) and with its own % _ \ taken literally: folded first, then escaped. Escaping
 * before folding let folding make wildcards out of other characters (full-width ＿ ％ ＼ fold to
 * _ % \), so `q=＿` matched every row. Immutable, so Postgres folds it to a constant and the
 * trigram indexes still serve it.
 */
export function foldedLikePattern(param: string, anchor: 'contains' | 'prefix' = 'contains'): string {
  const escaped = `replace(replace(replace(search_fold(${param}), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  return anchor === 'prefix' ? `(${escaped} || '%')` : `('%' || ${escaped} || '%')`;
}

/** Drops undefined members so a PATCH body only touches what it names. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Positional parameters for hand-written SQL: `add(value)` appends it and answers its `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
