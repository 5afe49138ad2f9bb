// When two organisation names would look the same in a list, they are the same name: the key every
// organisation's name is stored under (unique in the database) folds away what a reader cannot see.
// Changing this function changes the keys: start-up recomputes them (services/organisations/name-keys.ts),
// so no migration is needed for it.
import unhomoglyph from "unhomoglyph";

/**
 * The comparison key of an organisation's name: Unicode compatibility forms folded (NFKC: "ﬁ" is "fi",
 * a full-width "Ａ" is "A"), case folded ("ß" is "ss"), invisible characters removed (Unicode's
 * default-ignorable code points: zero-width spaces and joiners, soft hyphens, variation selectors), and
 * every run of spaces of any kind one space, with none at either end; then each character replaced by the
 * one it is confused with in Unicode's confusables table (the UTS #39 skeleton, through unhomoglyph: a
 * Cyrillic "а" is a Latin "a", "rn" and "m" are one, "0" is "o"), and lower case again. Case is folded
 * before the skeleton, so the key is case-blind; a capital "I" and a small "l" are then not confused.
 */
export function organisationNameKey(name: string): string {
  const folded = name
    .normalize("NFKC")
    .replace(/\p{Default_Ignorable_Code_Point}/gu, "")
    // Upper then lower case is full case folding for the letters whose fold is not their lower case
    // ("ß" to "ss", a final "ς" to "σ"); NFKC again, as case folding can undo a normal form.
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKC")
    .replace(/\p{Default_Ignorable_Code_Point}/gu, "");
  const skeleton = unhomoglyph(folded).toLowerCase().normalize("NFKC");
  return skeleton.replace(/[\p{White_Space}\p{Zs}]+/gu, " ").trim();
}
