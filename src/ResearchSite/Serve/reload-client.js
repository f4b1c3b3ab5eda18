// The reload client `serve` puts into each page (never into a built site): reloads the tab when
// its own page or an asset changed, and shows build errors over the page until they are fixed.
(function () {
  "use strict";
  var overlay = null;
  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "serve-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:99;background:#3b0d0d;color:#fff;font:14px/1.5 monospace;padding:1rem;white-space:pre-wrap;direction:ltr;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed; this is the last good page.\n\n" + errors.join("\n");
  }
  function clearErrors() { if (overlay) { overlay.remove(); overlay = null; } }
  // The server names files as they are written (/ar/articles/دراسة/index.html); the browser's path is percent-encoded.
  var path = decodeURIComponent(location.pathname);
  var here = path.endsWith("/") ? path + "index.html" : path;
  var events = new EventSource("/__serve/events");
  events.addEventListener("reload", function (e) {
    clearErrors();
    var changed = JSON.parse(e.data);
    if (changed.indexOf(here) >= 0 || changed.some(function (p) { return p.indexOf("/assets/") === 0; })) location.reload();
  });
  events.addEventListener("build-error", function (e) { showErrors(JSON.parse(e.data)); });
  fetch("/__serve/status").then(function (r) { return r.json(); }).then(function (s) { if (!s.ok) showErrors(s.errors); });
})();
