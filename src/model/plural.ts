// A count with its noun in the right number: "1 organisation", "3 organisations", never "1 organisations".

/** "1 clause", "2 clauses"; `many` for nouns that do not just add an s ("pieces of evidence"). */
export const countOf = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
