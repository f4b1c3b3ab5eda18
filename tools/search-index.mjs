// Builds the Pagefind search index from the records the build wrote (one per study version, its
// text already normalized for Arabic matching), into <site>/pagefind. Usage: node search-index.mjs records.json site/
import * as pagefind from "pagefind";
import { readFile } from "node:fs/promises";
import path from "node:path";

const [recordsPath, sitePath] = process.argv.slice(2);
const records = JSON.parse(await readFile(recordsPath, "utf8"));
const { index, errors } = await pagefind.createIndex({});
if (errors.length) fail(errors);
for (const record of records) {
  const added = await index.addCustomRecord(record);
  if (added.errors.length) fail(added.errors);
}
const written = await index.writeFiles({ outputPath: path.join(sitePath, "pagefind") });
if (written.errors.length) fail(written.errors);
await pagefind.close();
console.log(`search: indexed ${records.length} page${records.length === 1 ? "" : "s"}`);

function fail(messages) {
  console.error(`search: ${messages.join("; ")}`);
  process.exit(1);
}
