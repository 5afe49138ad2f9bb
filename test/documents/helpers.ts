// Reading generated .docx files back in tests: their parts, their text as Word shows it, and a readability score.

import { strFromU8, unzipSync } from "fflate";
import mammoth from "mammoth";

export async function part(docx: Uint8Array, name: string): Promise<string> {
  const parts = unzipSync(docx);
  const data = parts[name];
  if (data === undefined)
    throw new Error(`no ${name} in the document; it has ${Object.keys(parts).join(", ")}`);
  return strFromU8(data);
}

/** Every header part's XML, joined. */
export async function headers(docx: Uint8Array): Promise<string> {
  const names = Object.keys(unzipSync(docx)).filter((n) => /^word\/header\d*\.xml$/.test(n));
  return (await Promise.all(names.map((n) => part(docx, n)))).join("\n");
}

export async function rawText(docx: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
  return value;
}

/** Asserts each string appears in the text after the one before it; returns the first one missing. */
export function firstOutOfOrder(text: string, items: string[]): string | undefined {
  let from = 0;
  for (const item of items) {
    const at = text.indexOf(item, from);
    if (at < 0) return item;
    from = at + item.length;
  }
  return undefined;
}

/** Rough English syllable count: vowel groups, less a silent final e, at least one. */
function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, "").replace(/^y/, "");
  return Math.max(1, (trimmed.match(/[aeiouy]{1,2}/g) ?? []).length);
}

/** Flesch reading ease: 206.835 - 1.015 (words per sentence) - 84.6 (syllables per word). */
export function fleschReadingEase(text: string): number {
  const sentences = text.split(/[.!?]+(?:\s|$)|\n+/).filter((s) => /[a-z]/i.test(s));
  const words = text.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w));
  const syllableCount = words.reduce((n, w) => n + syllables(w), 0);
  return 206.835 - 1.015 * (words.length / sentences.length) - 84.6 * (syllableCount / words.length);
}
