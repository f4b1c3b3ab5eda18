// Builds the Pagefind search index from the records the build streams on stdin, one JSON line each:
// {"url", "content"} is a study version's page as Pagefind should index it (its words already normalized
// for Arabic matching, weighted by part), added as it comes, so that Pagefind works while the build writes
// the pages; the last line, {"write": "<site>/pagefind"}, says where to write the index.
// Prints how long adding and writing took, then "search: indexed N pages". Usage: node search-index.mjs < records
// For the benchmark: with SEARCH_INDEX_SAVE=file it keeps the records it was fed in that file, and
// `node search-index.mjs --to <site>/pagefind < file` indexes them alone (Pagefind's time without the build).
import * as pagefind from "pagefind";
import readline from "node:readline";
import { createWriteStream, readFileSync, readdirSync } from "node:fs";

const started = performance.now();
const { index, errors } = await pagefind.createIndex({});
if (errors.length) fail(errors);

let count = 0;
let lastAdded = started;
const to = process.argv.indexOf("--to");
let target = to >= 0 ? process.argv[to + 1] : null;
const save = process.env.SEARCH_INDEX_SAVE ? createWriteStream(process.env.SEARCH_INDEX_SAVE) : null;
// A few records in flight: Pagefind parses one while the next crosses the pipe; more do not help.
const inFlight = new Set();
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line) continue;
  const message = JSON.parse(line);
  if (message.write) {
    target = message.write;
    break;
  }
  save?.write(line + "\n");
  const adding = index.addHTMLFile({ url: message.url, content: message.content }).then((added) => {
    if (added.errors.length) fail(added.errors);
    inFlight.delete(adding);
    lastAdded = performance.now();
  });
  inFlight.add(adding);
  count++;
  if (inFlight.size >= 4) await Promise.race(inFlight);
}
await Promise.all(inFlight);
if (save) await new Promise((resolve) => save.end(resolve));
if (target === null) fail(["the build stopped before saying where to write the index"]);
const writing = performance.now();
const cpuAdding = pagefindCpu();
const written = await index.writeFiles({ outputPath: target });
if (written.errors.length) fail(written.errors);
await pagefind.close();
const done = performance.now();
const cpuDone = pagefindCpu();
const own = process.cpuUsage();
const cpu = cpuAdding === null || cpuDone === null ? "" :
  `; CPU: Pagefind adding ${cpuAdding.toFixed(2)} s, writing ${(cpuDone - cpuAdding).toFixed(2)} s, Node.js ${((own.user + own.system) / 1e6).toFixed(2)} s`;
console.log(`search: every record added ${seconds(lastAdded - started)} s after the start, index written in ${seconds(done - writing)} s${cpu}`);
console.log(`search: indexed ${count} page${count === 1 ? "" : "s"}`);

function seconds(ms) {
  return (ms / 1000).toFixed(2);
}

// The CPU seconds (user + system) of Pagefind's binary so far, read from /proc where there is one (Linux), else null:
// the account of where its time goes (adding records or writing files).
function pagefindCpu() {
  try {
    const tasks = readdirSync(`/proc/${process.pid}/task`);
    const children = tasks.flatMap((t) => readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean));
    let ticks = 0;
    for (const child of children) {
      const stat = readFileSync(`/proc/${child}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return children.length ? ticks / 100 : null;
  } catch {
    return null;
  }
}

function fail(messages) {
  console.error(`search: ${messages.join("; ")}`);
  process.exit(1);
}
