// The search page: Pagefind's index, queried as the reader types, with filter chips.
// The index holds each study's words normalized for Arabic matching (Search/SearchNormalizer.cs); the
// page carries those rules (data-normalize) and the query goes through them too, so diacritics, hamza
// forms, ى/ي, ة/ه and the definite article do not matter. What the reader sees is never the index: the
// n-th indexed word of a study is its n-th word as written, published beside the index (data-texts),
// and each excerpt is cut from those words at the positions of the hits.
const root = document.querySelector("[data-search]");
const input = root.querySelector("input[type=search]");
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const filterBox = root.querySelector(".search-filters");
const selected = {};
let latest = 0;

const rules = JSON.parse(root.dataset.normalize);
const dropped = new RegExp(`[${rules.drop.map(([from, to]) => `${from}-${to}`).join("")}]`, "gu");
const leading = /^[^\p{L}\p{Nd}]*/u;

/** One word as the index keeps it: the same steps as SearchNormalizer.Word. */
function normalizeWord(word) {
  const letters = [...word.replace(dropped, "")].map((c) => rules.replace[c] ?? c).join("");
  const start = letters.match(leading)[0].length;
  for (const prefix of rules.articles) {
    const rest = start + prefix.length;
    if (letters.startsWith(prefix, start) && rest < letters.length && lettersFrom(letters, rest) >= rules.minStem
        && letters[rest] >= rules.letters[0] && letters[rest] <= rules.letters[1]) {
      return letters.slice(0, start) + letters.slice(rest);
    }
  }
  return letters;
}

function lettersFrom(word, from) {
  const match = word.slice(from).match(/^[\p{L}\p{Nd}]*/u);
  return match[0].length;
}

// Pagefind leaves out of each word it indexes the invisible format characters (bidi marks, zero-width
// non-joiners, soft hyphens: what text pasted from Word or a PDF carries), but keeps them in a query's words, where
// they match nothing; and it splits the index at any whitespace, the query here at any too (a pasted no-break space).
const invisible = /\p{Cf}/gu;

export function normalize(text) {
  return text.replace(invisible, "").split(/\s+/u).map(normalizeWord).join(" ");
}

// Numbers in the site's digits, counts in the site's words (the plural rule of UiStrings.Count).
const digits = root.dataset.digits ? [...root.dataset.digits] : null;
function number(n) {
  const text = String(n);
  return digits ? text.replace(/[0-9]/g, (d) => digits[d]) : text;
}

function count(n) {
  const category = n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5;
  return root.getAttribute("data-count-" + category).replace("{0}", number(n));
}

// The words of a study as written, fetched once per study.
const texts = new Map();
function text(url) {
  const path = url.startsWith(root.dataset.root) ? url.slice(root.dataset.root.length) : url.replace(/^\//, "");
  const file = root.dataset.texts + path.replace(/\/$/, "") + ".json";
  if (!texts.has(file)) {
    texts.set(file, fetch(file).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return texts.get(file);
}

const excerptWords = 30;

// The stretch of about 30 words with the most weight of hits, in the words as written, hits marked.
function excerpt(words, hits, skip) {
  const p = document.createElement("p");
  p.className = "search-excerpt";
  if (words.length === 0) return p;
  // Past the title when the body has hits (or there are none): the title is shown above the excerpt already.
  const body = hits.filter((h) => h.location >= skip);
  const candidates = [...(body.length ? body : hits)].sort((a, b) => a.location - b.location);
  const first = body.length || hits.length === 0 ? skip : 0;
  const last = Math.max(first, words.length - excerptWords);
  let start = first;
  // Each hit a third into a window; the hits inside it summed as the window slides (one pass: a long study may
  // hold thousands of hits of a common word).
  let best = -1;
  let sum = 0;
  let low = 0;
  let high = 0;
  for (const hit of candidates) {
    const from = Math.min(Math.max(first, hit.location - Math.floor(excerptWords / 3)), last);
    for (; high < candidates.length && candidates[high].location < from + excerptWords; high++) sum += candidates[high].balanced_score;
    for (; candidates[low].location < from; low++) sum -= candidates[low].balanced_score;
    if (sum > best) {
      best = sum;
      start = from;
    }
  }
  const end = Math.min(words.length, start + excerptWords);
  const marked = new Set(hits.map((h) => h.location));
  if (start > first) p.append("… ");
  for (let i = start; i < end; i++) {
    if (i > start) p.append(" ");
    if (marked.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = words[i];
      p.append(mark);
    } else {
      p.append(words[i]);
    }
  }
  if (end < words.length) p.append(" …");
  return p;
}

let pagefind;
try {
  pagefind = await import(root.dataset.bundle + "pagefind.js");
  // The records' URLs are already paths from the server's root.
  await pagefind.options({ bundlePath: root.dataset.bundle, baseUrl: "/" });
  await pagefind.init();
} catch {
  status.textContent = root.dataset.unavailable;
  input.disabled = true;
}

if (pagefind) {
  const filters = await pagefind.filters();
  for (const group of ["category", "author", "unit", "year"]) {
    const values = Object.keys(filters[group] || {}).sort((a, b) => a.localeCompare(b, root.dataset.lang));
    if (values.length === 0) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = root.dataset["filter" + group[0].toUpperCase() + group.slice(1)];
    fieldset.appendChild(legend);
    for (const value of values) {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.setAttribute("aria-pressed", "false");
      chip.dataset.group = group;
      chip.dataset.value = value;
      chip.textContent = `${value} (${number(filters[group][value])})`;
      chip.addEventListener("click", () => {
        const on = chip.getAttribute("aria-pressed") !== "true";
        chip.setAttribute("aria-pressed", String(on));
        selected[group] = (selected[group] || []).filter((v) => v !== value);
        if (on) selected[group].push(value);
        if (selected[group].length === 0) delete selected[group];
        run();
      });
      fieldset.appendChild(chip);
    }
    filterBox.appendChild(fieldset);
  }

  const params = new URLSearchParams(location.search);
  if (params.get("q")) input.value = params.get("q");
  root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => run());
  if (input.value) run();
}

// Results come a page at a time: the rest of them behind the "more" button, not out of reach.
const pageSize = 30;
const more = root.querySelector(".search-more");
let shown = null;

async function run() {
  const ticket = ++latest;
  const query = normalize(input.value.trim());
  const hasFilters = Object.keys(selected).length > 0;
  if (!query && !hasFilters) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    shown = null;
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters: selected, sort: query ? undefined : { date: "desc" } }, 150);
  if (search === null || ticket !== latest) return;
  const items = await resultItems(search.results.slice(0, pageSize));
  if (ticket !== latest) return;
  list.replaceChildren(...items);
  shown = search;
  more.hidden = search.results.length <= items.length;
  status.textContent = items.length ? count(search.results.length) : root.dataset.none;
  // Which query the results on screen answer (the reader may have typed on meanwhile).
  root.dataset.shown = input.value;
}

more.addEventListener("click", async () => {
  const ticket = latest;
  const search = shown;
  const from = list.children.length;
  const items = await resultItems(search.results.slice(from, from + pageSize));
  if (ticket !== latest || search !== shown) return;
  list.append(...items);
  more.hidden = list.children.length >= search.results.length;
  // On to the first new result, so that keyboard and screen reader go on reading where the list grew.
  items[0]?.querySelector("a").focus();
});

async function resultItems(results) {
  const found = await Promise.all(results.map(async (r) => {
    const data = await r.data();
    return { data, study: await text(data.url) };
  }));
  return found.map(({ data, study }) => {
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = study ? study.title : data.meta.title;
    heading.appendChild(link);
    const meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = study ? [study.date, study.authors].filter(Boolean).join(" · ") : "";
    const words = study ? study.words.split(" ") : [];
    const titleWords = study ? study.title.split(" ").length : 0;
    item.append(heading, meta, excerpt(words, data.weighted_locations || [], titleWords));
    return item;
  });
}
