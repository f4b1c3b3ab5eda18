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

// "Cite this study": copy buttons, shown only where the clipboard can be used.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".copy-status");
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
