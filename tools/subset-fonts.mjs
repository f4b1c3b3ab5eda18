// Regenerates the theme's fonts (theme/assets/fonts/*.woff2) from the pinned @fontsource packages,
// cut to the characters the site can show: Arabic (the basic block, with its presentation forms),
// Latin-1, digits and the punctuation of both scripts. Run it after changing a package's version
// or the character ranges below:  node tools/subset-fonts.mjs
//
// The subsets are committed rather than made by every build: the build runs without Node.js (only
// search needs it), and the same bytes on every machine keep the fingerprinted names stable.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import subsetFont from "subset-font";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const fonts = path.join(root, "theme", "assets", "fonts");

function range(from, to) {
  let text = "";
  for (let c = from; c <= to; c++) text += String.fromCodePoint(c);
  return text;
}

// Each face's characters, as the unicode-range of its @font-face in theme/assets/site.css says
// (keep the two in step: a character outside a face's subset must fall to the next font).
//
// Latin faces: Latin-1, general punctuation (quotes, dashes), the euro, trade mark and minus signs.
export const latin = range(0x20, 0x7e) + range(0xa0, 0xff) + range(0x2000, 0x206f)
  + "\u0131\u0152\u0153\u02bb\u02bc\u02c6\u02da\u02dc\u20ac\u2122\u2212";

// Arabic faces: the letters, marks, digits and punctuation of Arabic (0600–0671), the letters Persian
// and Urdu add to it, Persian digits, the joiners and bidi marks, the ligatures of Allah and the
// honorifics (FDF2, FDFA–FDFD), and the presentation forms of every basic letter (FE70–FEFC) that text
// pasted from old documents carries. Left out: the letters of other languages in 0672–06FF and the
// Presentation Forms-A block (FB50–FDFF, mostly Persian and Urdu contextual forms), which cost
// 14 KB per face.
export const arabic = range(0x0600, 0x0671) + "\u0679\u067e\u0686\u0688\u0691\u0698\u06a4\u06a9\u06af\u06ba\u06be\u06c1\u06cc\u06d2\u06d4"
  + range(0x06f0, 0x06f9) + range(0x200c, 0x200f) + "\u2010\u2011\u204f\u2e41\ufdf2" + range(0xfdfa, 0xfdfd)
  + range(0xfe70, 0xfe74) + range(0xfe76, 0xfefc);

// The layout features the text needs: joining, ligatures, marks, kerning. Stylistic sets, small caps,
// old-style figures and the like are never asked for by the stylesheet.
const features = ["ccmp", "locl", "isol", "init", "medi", "fina", "rlig", "liga", "calt", "curs", "kern", "mark", "mkmk"];

// What bold Arabic text (headings) takes from the Latin face: spaces, digits, punctuation and signs, all
// but the letters. The bold Latin face is split in two so that an Arabic page fetches only this small part.
export const latinShared = range(0x20, 0x40) + range(0x5b, 0x60) + range(0x7b, 0x7e) + range(0xa0, 0xbf) + "\u00d7\u00f7" + range(0x2000, 0x206f);
const latinRest = [...latin].filter((c) => !latinShared.includes(c)).join("");

const jobs = [
  ["@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff2", arabic],
  ["@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-700-normal.woff2", arabic],
  ["@fontsource/source-serif-4/files/source-serif-4-latin-400-normal.woff2", latin],
  ["@fontsource/source-serif-4/files/source-serif-4-latin-400-italic.woff2", latin],
  ["@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff2", latinRest],
  ["@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff2", latinShared, "source-serif-4-shared-700-normal.woff2"],
];

for (const [source, text, name] of jobs) {
  const input = await readFile(path.join(root, "node_modules", source));
  // Hinting is for low-resolution Windows rendering of the 2000s.
  const output = await subsetFont(input, text, { targetFormat: "woff2", noHinting: true, keepFeatures: features });
  const target = path.join(fonts, name ?? path.basename(source));
  await writeFile(target, output);
  console.log(`${name ?? path.basename(source)}: ${input.length} -> ${output.length} bytes`);
}
