// Typesets studies as PDF with Typst (the npm package @myriaddreamin/typst-ts-node-compiler, pinned in
// package.json). Started once by the build and kept running: one compiler, its fonts loaded once,
// compiles many studies. Usage: node typeset-pdf.mjs <template.typ> <fonts folder>
// Reads one JSON request per line on stdin: { id, study (the data, a JSON string), out (the PDF's
// path), images: [{ shadow, path }] }, and answers one line per request on stdout:
// { id, ok: true, pages, ms } or { id, ok: false, error, at? }, where at ({ path, line, column }, from 1)
// is where in the template Typst stopped.
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const [template, fonts] = process.argv.slice(2);
const root = path.dirname(path.resolve(template));
const compiler = NodeCompiler.create({ workspace: root, fontArgs: [{ fontPaths: [path.resolve(fonts)] }] });

// The errors with their places (the short list has no line numbers; fetchDiagnostics has them).
function describe(error) {
  let list = [];
  try {
    list = compiler.fetchDiagnostics(error) ?? [];
  } catch {
    list = error?.shortDiagnostics ?? [];
  }
  const errors = list.filter(d => d.severity === 1 || String(d.severity ?? 'error').toLowerCase().includes('error'));
  const shown = (errors.length ? errors : list).slice(0, 3);
  const place = d => d.path && d.range?.start ? { path: d.path, line: d.range.start.line + 1, column: d.range.start.character + 1 } : null;
  const message = shown
    .map(d => { const at = place(d); return `${d.message ?? JSON.stringify(d)}${at ? ` (${path.basename(at.path)} line ${at.line})` : ''}`; })
    .join('; ') || 'Typst gave no reason';
  const first = shown.map(place).find(p => p) ?? null;
  return { message, at: first };
}

function typeset(request) {
  const started = Date.now();
  const shadows = [];
  try {
    for (const image of request.images ?? []) {
      const shadowPath = path.join(root, image.shadow);
      compiler.mapShadow(shadowPath, fs.readFileSync(image.path));
      shadows.push(shadowPath);
    }

    const result = compiler.compile({ mainFilePath: path.resolve(template), inputs: { study: request.study } });
    const document = result.result;
    if (!document) {
      const { message, at } = describe(result.takeDiagnostics() ?? result.takeError());
      return { id: request.id, ok: false, error: message, at };
    }

    const pdf = compiler.pdf(document, { creationTimestamp: 0 });
    fs.mkdirSync(path.dirname(request.out), { recursive: true });
    const partial = `${request.out}.${process.pid}.tmp`;
    fs.writeFileSync(partial, pdf);
    fs.renameSync(partial, request.out);
    return { id: request.id, ok: true, pages: document.numOfPages, ms: Date.now() - started };
  } catch (e) {
    return { id: request.id, ok: false, error: String(e?.message ?? e).split('\n')[0] };
  } finally {
    for (const shadow of shadows) compiler.unmapShadow(shadow);
    // Memoized layouts of past studies are of no use to the next one: keep the process small.
    compiler.evictCache(5);
  }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim().length === 0) continue;
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: null, ok: false, error: `bad request: ${e.message}` }) + '\n');
    continue;
  }
  process.stdout.write(JSON.stringify(typeset(request)) + '\n');
}
