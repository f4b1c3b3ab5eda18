// The site's only script, small and self-hosted. The pages work without it: the table of contents
// is open, and every note marker is a link to its note.

// Table of contents: open beside the text on wide screens, folded above it on narrow ones.
(function () {
  "use strict";
  var details = document.querySelector(".toc-details");
  if (!details || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 64rem)");
  function apply() { details.open = wide.matches; }
  apply();
  wide.addEventListener("change", apply);
})();

// Hover references: shows a note next to its marker on mouse hover, keyboard focus and tap.
// Without this script every marker is still a link to its note, and screen readers hear the
// note through aria-describedby; this only adds the in-place view.
(function () {
  "use strict";
  var refs = document.querySelectorAll('a[role="doc-noteref"]');
  if (!refs.length) return;

  var pop = document.createElement("div");
  pop.className = "note-popover";
  pop.id = "note-popover";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  // Inside <main>, so that the note belongs to the page's landmarks.
  (document.querySelector("main") || document.body).appendChild(pop);

  var current = null;
  var hideTimer = 0;
  var lastPointer = "mouse";
  var MARGIN = 8;

  function show(ref) {
    clearTimeout(hideTimer);
    if (current === ref && !pop.hidden) return;
    if (current) current.setAttribute("aria-expanded", "false");
    var body = document.getElementById(ref.getAttribute("aria-describedby"));
    if (!body) return;
    pop.replaceChildren.apply(pop, Array.prototype.map.call(body.childNodes, function (n) { return n.cloneNode(true); }));
    // The copy may not repeat the ids of the note (a marker of another note, an author's anchor).
    Array.prototype.forEach.call(pop.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
    pop.hidden = false;
    current = ref;
    ref.setAttribute("aria-expanded", "true");
    place(ref);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    pop.hidden = true;
    current.setAttribute("aria-expanded", "false");
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  // Next to the marker, on the reading side, clamped inside the viewport in both directions;
  // above the marker when there is no room below.
  function place(ref) {
    var viewport = document.documentElement.clientWidth;
    var width = Math.min(384, viewport - 2 * MARGIN);
    pop.style.inlineSize = width + "px";
    var r = ref.getBoundingClientRect();
    var rtl = getComputedStyle(ref).direction === "rtl";
    var x = rtl ? r.right - width : r.left;
    x = Math.max(MARGIN, Math.min(x, viewport - width - MARGIN));
    var height = pop.offsetHeight;
    var y = r.bottom + 6;
    if (y + height > window.innerHeight - MARGIN && r.top - 6 - height >= MARGIN) {
      y = r.top - 6 - height;
    }
    pop.style.left = x + window.scrollX + "px";
    pop.style.top = y + window.scrollY + "px";
  }

  Array.prototype.forEach.call(refs, function (ref) {
    ref.setAttribute("aria-expanded", "false");
    ref.addEventListener("mouseenter", function () { if (lastPointer === "mouse") show(ref); });
    ref.addEventListener("mouseleave", function () { if (lastPointer === "mouse") hideSoon(); });
    // A tap also focuses the marker; the click that follows decides, so that it can toggle.
    ref.addEventListener("focus", function () { if (lastPointer !== "touch") show(ref); });
    ref.addEventListener("blur", function () { if (lastPointer !== "touch") hideSoon(); });
    ref.addEventListener("click", function (event) {
      if (lastPointer !== "touch") return;
      // A tap shows the note in place instead of jumping; a second tap closes it.
      event.preventDefault();
      if (current === ref && !pop.hidden) hide(); else show(ref);
    });
  });

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    if (current && !pop.contains(event.target) && !current.contains(event.target)) hide();
  }, true);
  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Escape" && current) {
      var ref = current;
      hide();
      ref.focus({ preventScroll: true });
      hide();
    }
  });
  pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  pop.addEventListener("mouseleave", hideSoon);
  window.addEventListener("resize", function () { if (current) place(current); });
})();

// "Cite this study" and "Copy link": copy buttons, shown only where the clipboard can be used.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".copy-status");
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy], button[data-copy-text]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy-text");
      var source = text === null ? document.getElementById(button.getAttribute("data-copy")) : null;
      if (text === null && !source) return;
      navigator.clipboard.writeText(text === null ? source.textContent.trim() : text).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();

// Margin notes: where the screen leaves room beside the text (75rem and up), a copy of each note stands
// in the margin opposite the table of contents, beside the line that first cites it, pushed down below
// the one before and never past the end of the article. The copies are for the eye only (aria-hidden,
// nothing in them takes focus): the marker's aria-describedby and the notes list are unchanged.
(function () {
  "use strict";
  var layout = document.querySelector(".article-layout");
  var text = document.querySelector(".article-body");
  if (!layout || !text || !window.matchMedia) return;
  var notesSection = text.querySelector(".notes");
  var refs = Array.prototype.filter.call(text.querySelectorAll('a[role="doc-noteref"]'), function (ref) {
    return !notesSection || !notesSection.contains(ref);
  });
  if (!refs.length) return;

  var wide = window.matchMedia("(min-width: 75rem)");
  var GAP = 12;
  var column = document.createElement("div");
  column.className = "margin-notes";
  column.setAttribute("aria-hidden", "true");
  var more = layout.getAttribute("data-note-more") || "+";
  var less = layout.getAttribute("data-note-less") || "−";
  var items = [];
  var seen = {};

  refs.forEach(function (ref) {
    var id = ref.getAttribute("aria-describedby");
    var body = id && document.getElementById(id);
    if (!body || seen[id]) return;
    seen[id] = true;
    var box = document.createElement("div");
    box.className = "margin-note";
    var number = document.createElement("span");
    number.className = "margin-note-number";
    number.textContent = ref.lastChild ? ref.lastChild.textContent : "";
    var copy = document.createElement("div");
    copy.className = "margin-note-text";
    copy.appendChild(number);
    Array.prototype.forEach.call(body.childNodes, function (n) { copy.appendChild(n.cloneNode(true)); });
    // The copy repeats no id, and nothing hidden from screen readers may take focus.
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
    Array.prototype.forEach.call(copy.querySelectorAll("a, button, [tabindex]"), function (e) { e.setAttribute("tabindex", "-1"); });
    box.appendChild(copy);
    column.appendChild(box);
    items.push({ ref: ref, box: box, copy: copy, toggle: null });
  });
  layout.appendChild(column);

  // Long notes are clamped, with a toggle for the mouse (the full note is in the list and the popover).
  function clamp(item) {
    item.box.classList.remove("clamped");
    if (item.copy.scrollHeight <= item.copy.clientHeight + 1 && item.copy.offsetHeight < 8 * parseFloat(getComputedStyle(item.box).lineHeight)) {
      if (item.toggle) { item.toggle.remove(); item.toggle = null; }
      return;
    }
    item.box.classList.add("clamped");
    if (!item.toggle) {
      item.toggle = document.createElement("button");
      item.toggle.type = "button";
      item.toggle.className = "margin-note-toggle";
      item.toggle.setAttribute("tabindex", "-1");
      item.toggle.addEventListener("click", function () {
        item.box.classList.toggle("open");
        item.toggle.textContent = item.box.classList.contains("open") ? less : more;
        place();
      });
      item.box.appendChild(item.toggle);
    }
    item.toggle.textContent = item.box.classList.contains("open") ? less : more;
  }

  var measured = false;
  function place() {
    var on = wide.matches;
    layout.classList.toggle("with-margin-notes", on);
    document.body.classList.toggle("has-margin-notes", on);
    if (!on) return;
    if (!measured) { items.forEach(clamp); measured = true; }
    var origin = column.getBoundingClientRect().top;
    var bottom = 0;
    var tops = items.map(function (item) {
      var top = Math.max(item.ref.getBoundingClientRect().top - origin, bottom);
      bottom = top + item.box.offsetHeight + GAP;
      return top;
    });
    // Never past the end of the article: from the last note up, each is pulled above the next.
    var limit = text.offsetHeight;
    for (var i = items.length - 1; i >= 0; i--) {
      var height = items[i].box.offsetHeight;
      if (tops[i] + height > limit) tops[i] = Math.max(0, limit - height);
      limit = tops[i] - GAP;
    }
    items.forEach(function (item, i) { item.box.style.top = tops[i] + "px"; });
  }

  items.forEach(function (item) {
    item.ref.addEventListener("mouseenter", function () { item.box.classList.add("active"); });
    item.ref.addEventListener("mouseleave", function () { item.box.classList.remove("active"); });
  });
  place();
  wide.addEventListener("change", function () { measured = false; place(); });
  window.addEventListener("resize", place);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { measured = false; place(); });
  if (window.ResizeObserver) new ResizeObserver(function () { place(); }).observe(text);
})();
