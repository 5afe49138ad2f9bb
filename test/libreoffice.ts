// Opens Word files in LibreOffice (as PDF) and reads back what a person would see, page by page.
// LibreOffice is a real client: a file it cannot open fails here. Missing tools fail loudly, never skip.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const TOOLS = ["/usr/bin/soffice", "/usr/bin/pdftotext", "/usr/bin/pdfinfo"];

export interface PdfText {
  /** Each page's text, whitespace collapsed so wrapped lines read as one. */
  pages: string[];
  count: number;
  /** The PDF LibreOffice wrote, for a suite that looks at the pages themselves (pdftoppm). */
  pdf: Uint8Array;
}

export async function openInLibreOffice(files: Record<string, Uint8Array>): Promise<Record<string, PdfText>> {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0) {
    throw new Error(
      `LibreOffice and poppler are required but ${missing.join(", ")} missing: apt-get install -y libreoffice-writer-nogui poppler-utils`,
    );
  }
  // The documents are set in Arial; LibreOffice lays them out in a font of the same widths (Liberation
  // Sans) when fontconfig has one. Without it another font stands in, lines wrap elsewhere and page
  // numbers move, which would read as a broken document rather than a missing package.
  const { stdout: family } = await run("fc-match", ["-f", "%{family}", "Arial"]).catch(() => ({
    stdout: "",
  }));
  if (!/\b(Arial|Liberation Sans)\b/.test(family)) {
    throw new Error(
      `The documents' font (Arial, or Liberation Sans of the same widths) is not installed, so LibreOffice would lay pages out in ${family || "another font"} and page numbers would not match: apt-get install -y fonts-liberation2`,
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "withus-lo-"));
  const profile = path.join(os.tmpdir(), `lo-${randomBytes(6).toString("hex")}`);
  try {
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, `${name}.docx`), bytes);
    await run(
      "soffice",
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        ...Object.keys(files).map((n) => path.join(dir, `${n}.docx`)),
      ],
      { timeout: 240_000 },
    );
    const out: Record<string, PdfText> = {};
    for (const name of Object.keys(files)) {
      const file = path.join(dir, `${name}.pdf`);
      if (!existsSync(file)) throw new Error(`LibreOffice could not open ${name}.docx`);
      const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const pages = stdout.split("\f").map((p) => p.replace(/\s+/g, " ").trim());
      if (pages.at(-1) === "") pages.pop();
      const info = await run("pdfinfo", [file]);
      out[name] = {
        pages,
        count: Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]),
        pdf: new Uint8Array(await readFile(file)),
      };
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}
