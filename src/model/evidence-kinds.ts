// The kinds of file evidence may be: how each is named and served. Which of them a service accepts is
// configuration (EVIDENCE_FILE_TYPES); the bytes decide which kind a file is (services/evidence/inspect.ts).

export const EVIDENCE_KINDS = {
  pdf: { label: "PDF", extensions: ["pdf"], contentType: "application/pdf" },
  docx: {
    label: "Word (.docx)",
    extensions: ["docx"],
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  },
  xlsx: {
    label: "Excel (.xlsx)",
    extensions: ["xlsx"],
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  },
  doc: { label: "Word 97-2003 (.doc)", extensions: ["doc"], contentType: "application/msword" },
  xls: { label: "Excel 97-2003 (.xls)", extensions: ["xls"], contentType: "application/vnd.ms-excel" },
  csv: { label: "CSV", extensions: ["csv"], contentType: "text/csv; charset=utf-8" },
  txt: { label: "plain text (.txt)", extensions: ["txt"], contentType: "text/plain; charset=utf-8" },
  png: { label: "PNG", extensions: ["png"], contentType: "image/png" },
  jpeg: { label: "JPEG", extensions: ["jpg", "jpeg"], contentType: "image/jpeg" },
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;
export const EVIDENCE_KIND_NAMES = Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]];

/** "PDF, Word (.docx), ... or JPEG": the kinds accepted, for messages and the upload page. */
export function describeKinds(kinds: readonly EvidenceKind[]): string {
  const labels = kinds.map((k) => EVIDENCE_KINDS[k].label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}` : (labels[0] ?? "none");
}

/**
 * What marks plain text as a script to run (VBScript, JScript, an Office macro, a PowerShell command)
 * when it appears in the first few KB of a .txt or .csv: such a file is refused as the other scripts
 * are, whatever its name. Each entry is the marker as people search for it, and the pattern that finds
 * it however it is cased or spaced.
 */
const SCRIPT_MARKERS: ReadonlyArray<{ marker: string; pattern: RegExp }> = [
  { marker: "CreateObject(", pattern: /\bCreateObject\s*\(/i },
  { marker: "WScript.", pattern: /\bWScript\s*\./i },
  { marker: "ActiveXObject(", pattern: /\bActiveXObject\s*\(/i },
  { marker: "Sub AutoOpen", pattern: /\bSub\s+Auto_?Open\b/i },
  { marker: "powershell -", pattern: /\bpowershell(?:\.exe)?\s+-/i },
  { marker: "-EncodedCommand", pattern: /(?:^|[\s"'])-EncodedCommand\b/i },
  { marker: "Invoke-Expression", pattern: /\bInvoke-Expression\b/i },
];

/** Whether the start of a text file reads as a script (one of SCRIPT_MARKERS is in it). */
export const readsAsScript = (text: string): boolean => SCRIPT_MARKERS.some((m) => m.pattern.test(text));
