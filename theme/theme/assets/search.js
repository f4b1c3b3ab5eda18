// The search page: Pagefind's index, queried as the reader types, with filter chips.
// The query is normalized exactly as the index was (see Search/SearchNormalizer.cs), so diacritics,
// hamza forms, ى/ي, ة/ه and the definite article do not matter.
const root = document.querySelector("[data-search]");
const input = root.querySelector("input[type=search]");
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const filterBox = root.querySelector(".search-filters");
const selected = {};
let latest = 0;

export function normalize(text) {
  const letters = text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي");
  return letters.split(" ").map(stripArticle).join(" ");
}

function stripArticle(word) {
  for (const prefix of ["وال", "بال", "كال", "فال", "ال", "لل"]) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2 && /[\u0621-\u064A]/.test(word[prefix.length])) {
      return word.slice(prefix.length);
    }
  }
  return word;
}

// Pagefind's excerpts mark hits with <mark>; everything else is kept as text.
function excerpt(html) {
  const p = document.createElement("p");
  p.className = "search-excerpt";
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marking = false;
  const decoder = document.createElement("textarea");
  for (const part of parts) {
    if (part === "<mark>") { marking = true; continue; }
    if (part === "</mark>") { marking = false; continue; }
    decoder.innerHTML = part;
    const text = document.createTextNode(decoder.value);
    if (marking) { const m = document.createElement("mark"); m.appendChild(text); p.appendChild(m); } else { p.appendChild(text); }
  }
  return p;
}

let pagefind;
try {
  pagefind = await import(root.dataset.bundle + "pagefind.js");
  await pagefind.options({ bundlePath: root.dataset.bundle });
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
      chip.textContent = `${value} (${filters[group][value]})`;
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

async function run() {
  const ticket = ++latest;
  const query = normalize(input.value.trim());
  const hasFilters = Object.keys(selected).length > 0;
  if (!query && !hasFilters) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters: selected, sort: query ? undefined : { date: "desc" } }, 150);
  if (search === null || ticket !== latest) return;
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...results.map((data) => {
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    heading.appendChild(link);
    const meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [data.meta.date, data.meta.authors].filter(Boolean).join(" · ");
    item.append(heading, meta, excerpt(data.excerpt));
    return item;
  }));
  status.textContent = results.length ? root.dataset.results.replace("{0}", String(search.results.length)) : root.dataset.none;
}
