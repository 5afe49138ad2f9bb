// A word-level diff (longest common subsequence over words and the spaces between them), small enough to own
// rather than add a dependency for. Output reads as a reviewer expects: within each changed stretch, the deleted
// words come first and then the inserted ones.

export type DiffPart = { type: "same" | "insert" | "delete"; text: string };

/** Beyond this many cells the LCS table costs too much; the text is then shown as replaced wholesale. */
const MAX_CELLS = 4_000_000;

export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ type: "same", text: before }] : [];
  const a = tokenize(before);
  const b = tokenize(after);

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const parts: DiffPart[] = [];
  for (const t of a.slice(0, start)) parts.push({ type: "same", text: t });
  for (const p of lcsDiff(a.slice(start, endA), b.slice(start, endB))) parts.push(p);
  for (const t of a.slice(endA)) parts.push({ type: "same", text: t });
  return tidy(parts);
}

/** Words and the runs of space between them, so the diff keeps the original spacing. */
function tokenize(s: string): string[] {
  return s.match(/\s+|[^\s]+/g) ?? [];
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
  if (a.length === 0) return b.map((text) => ({ type: "insert", text }));
  if (b.length === 0) return a.map((text) => ({ type: "delete", text }));
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text) => ({ type: "delete" as const, text })),
      ...b.map((text) => ({ type: "insert" as const, text })),
    ];
  }
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: the LCS length of a[i..] and b[j..]
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      parts.push({ type: "same", text: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) {
      parts.push({ type: "delete", text: a[i]! });
      i++;
    } else {
      parts.push({ type: "insert", text: b[j]! });
      j++;
    }
  }
  while (i < n) parts.push({ type: "delete", text: a[i++]! });
  while (j < m) parts.push({ type: "insert", text: b[j++]! });
  return parts;
}

/**
 * Folds a lone space kept between two changes into the change (so "quick brown" -> "slow red" reads as one
 * replacement, not two), puts each changed stretch's deletions before its insertions, and joins neighbours.
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const isChange = (p: DiffPart | undefined) => p !== undefined && p.type !== "same";
  const spread: DiffPart[] = [];
  parts.forEach((p, k) => {
    if (p.type === "same" && /^\s+$/.test(p.text) && isChange(parts[k - 1]) && isChange(parts[k + 1])) {
      spread.push({ type: "delete", text: p.text }, { type: "insert", text: p.text });
    } else {
      spread.push(p);
    }
  });
  const out: DiffPart[] = [];
  let deleted = "";
  let inserted = "";
  const flush = () => {
    if (deleted) out.push({ type: "delete", text: deleted });
    if (inserted) out.push({ type: "insert", text: inserted });
    deleted = "";
    inserted = "";
  };
  for (const p of spread) {
    if (p.type === "delete") deleted += p.text;
    else if (p.type === "insert") inserted += p.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.type === "same") last.text += p.text;
      else out.push({ ...p });
    }
  }
  flush();
  return out;
}
