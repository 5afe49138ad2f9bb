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

/**
 * Legal forms that say how a body is constituted, not which body it is: "Renew Recovery Ltd" and "Renew
 * Recovery CIC" are most likely the same organisation written twice. "Trust", "Foundation" and the like
 * are left in: an NHS trust and the council or charity that shares its place name are different bodies.
 */
const LEGAL_FORMS = [
  "limited",
  "ltd",
  "cic",
  "community interest company",
  "cio",
  "llp",
  "plc",
  "inc",
  "incorporated",
];

/** The name key, then without accents and punctuation, as words ("C.I.C." is "cic"). */
function nearWords(name: string): string[] {
  // Accents go first: the confusables skeleton would otherwise turn an "ö" into a look-alike letter.
  const plain = name.normalize("NFKD").replace(/\p{M}/gu, "");
  return organisationNameKey(plain)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[.'\u2018\u2019`]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

const LEGAL_FORM_WORDS = LEGAL_FORMS.map(nearWords);

/**
 * A second, looser key of an organisation's name, not unique: the name key without punctuation, accents,
 * spaces, a leading "The", legal forms at the end (LEGAL_FORMS) and a plural "s" at the end. Two names
 * with the same near key are probably the same organisation, so creating the second asks "did you mean"
 * first; unlike organisationNameKey it never refuses.
 */
export function organisationNearKey(name: string): string {
  const words = nearWords(name);
  if (words[0] === "the" && words.length > 1) words.shift();
  let trimmed = true;
  while (trimmed) {
    trimmed = false;
    for (const form of LEGAL_FORM_WORDS) {
      const at = words.length - form.length;
      if (at > 0 && form.every((w, i) => words[at + i] === w)) {
        words.splice(at);
        trimmed = true;
      }
    }
  }
  const last = words.at(-1);
  if (last && last.length > 3 && last.endsWith("s") && !last.endsWith("ss")) {
    words[words.length - 1] = last.slice(0, -1);
  }
  return words.join("");
}
