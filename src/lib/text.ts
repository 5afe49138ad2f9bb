// The one rule for free text people type, used by every API schema and every web form, so a title, a
// reference or a narrative can never hold something that breaks a Word document, hides what a name says,
// or reads differently on another screen. Text is kept in Unicode NFC. Refused, with a message saying
// which character: control characters (tab and line breaks are allowed in long text only), noncharacters
// (U+FFFE, U+FFFF and the rest), unpaired surrogates, and the bidirectional embeddings, overrides and
// isolates that make "exe.pdf" look like "fdp.exe", and invisible characters (a zero-width space); in
// names, also the joiners and direction marks that make two names look the same. And, as a second line for rows stored before the rule, xmlSafe() drops
// whatever XML cannot carry.
import { z } from "zod";

/** name: organisations, people, files; short: one line (titles, references); long: paragraphs. */
export type TextKind = "name" | "short" | "long";

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

// Invisible and with no use in any script: refused in all text.
const INVISIBLE = new Map<number, string>([
  [0x200b, "a zero-width space"],
  [0x2060, "a word joiner"],
  [0x180e, "a Mongolian vowel separator"],
  [0xfeff, "a zero-width no-break space"],
]);
// Joiners and direction marks shape real scripts (and emoji) in prose, but in a name they only make two
// names look alike.
const ZERO_WIDTH = new Map<number, string>([
  [0x200c, "a zero-width non-joiner"],
  [0x200d, "a zero-width joiner"],
  [0x200e, "a left-to-right mark"],
  [0x200f, "a right-to-left mark"],
  [0x061c, "an Arabic letter mark"],
]);

/** What is wrong with one character in text of this kind, or undefined when it may be used. */
function characterProblem(cp: number, kind: TextKind): string | undefined {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) {
    return kind === "long" ? undefined : "a tab or line break";
  }
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return "a control character";
  if (cp >= 0xd800 && cp <= 0xdfff) return "half of a character (an unpaired surrogate)";
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return "a character that is not text";
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
    return "a text-direction override";
  }
  if (INVISIBLE.has(cp)) return INVISIBLE.get(cp);
  if (kind === "name") return ZERO_WIDTH.get(cp);
  return undefined;
}

/** "must not contain U+202E (a text-direction override)", or undefined when the text may be used. */
export function textProblem(value: string, kind: TextKind): string | undefined {
  for (let i = 0; i < value.length; i++) {
    // codePointAt pairs a well-formed surrogate pair and leaves a lone surrogate as itself.
    const cp = value.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const what = characterProblem(cp, kind);
    if (what) return `must not contain ${hex(cp)} (${what})`;
  }
  return undefined;
}

/** Text as it is kept: NFC, browsers' CRLF line ends as LF, trimmed. */
export function normaliseText(value: string): string {
  return value.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

export interface Lengths {
  min?: number;
  max: number;
  /** What to say when the text is shorter than min. */
  minMessage?: string;
}

/**
 * A zod string under the rule: normalised (NFC, LF line ends, trimmed), then its length and characters
 * checked. `min` defaults to 0; required-ness is the caller's (`.optional()`, `.nullable()`).
 */
function textSchema(kind: TextKind, { min = 0, max, minMessage }: Lengths) {
  return z
    .string()
    .overwrite(normaliseText)
    .min(min, minMessage ?? (min <= 1 ? "is required" : `must be at least ${min} characters`))
    .max(max, `must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** A name: one line, no zero-width characters. */
export const nameText = (lengths: Lengths) => textSchema("name", lengths);
/** One line of text: a title, a reference. */
export const shortText = (lengths: Lengths) => textSchema("short", lengths);
/** Paragraphs: tab and line breaks allowed. */
export const longText = (lengths: Lengths) => textSchema("long", lengths);

// Everything XML 1.0 cannot carry: controls other than tab and line ends, lone surrogates, U+FFFE, U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML cannot carry (for documents built from rows of any age). */
export function xmlSafe(value: string): string {
  return value.replace(NOT_XML, "");
}

/** A copy of plain data (objects, arrays, strings) with every string made xmlSafe; dates and the like as they were. */
export function xmlSafeDeep<T>(value: T): T {
  if (typeof value === "string") return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map(xmlSafeDeep) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafeDeep(v)])) as T;
  }
  return value;
}

/** The character rule alone, as a zod refinement, for strings whose shape is checked elsewhere. */
export function checkText(kind: TextKind) {
  return (v: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(v, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  };
}
