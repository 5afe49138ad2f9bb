// Evidence file names: kept for people to recognise, never used as a path. Sanitised on the way in,
// and encoded for the Content-Disposition header on the way out.

const MAX_FILE_NAME_LENGTH = 200;
const FALLBACK_NAME = "evidence";

/** C0 and C1 controls, DEL, and the bidirectional marks used to disguise extensions ("exe.pdf"). */
function isHidden(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

/**
 * The last path segment, without control or bidirectional-override characters, characters Windows
 * cannot save, or leading dots; at most MAX_FILE_NAME_LENGTH characters, keeping the extension.
 * "../../x" becomes "x".
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  let name = (raw ?? "").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = [...name].filter((ch) => !isHidden(ch.codePointAt(0)!)).join("");
  name = name.replace(/[<>:"|?*]/g, "_");
  name = name
    .trim()
    .replace(/^\.+/, "")
    .replace(/[. ]+$/, "")
    .trim();
  if (!name) return FALLBACK_NAME;
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = chars.slice(0, MAX_FILE_NAME_LENGTH - [...ext].length).join("") + ext;
  }
  return name;
}

/** attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266, RFC 8187). */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
