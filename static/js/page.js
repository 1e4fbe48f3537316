/* Behaviour every page shares, kept out of the HTML so that the Content Security Policy can
   forbid inline scripts and event handlers:
   - a connection that drops during an htmx request shows #net-error until one succeeds;
   - logging out forgets the drafts kept on this device (static/js/draft.js) and the forms
     kept for sending later (static/js/sw.js): the next person on a shared phone finds none;
   - a button with data-confirm asks before it submits. */
(function () {
  "use strict";
  function netError(shown) {
    var note = document.getElementById("net-error");
    if (note) { note.hidden = !shown; }
  }
  document.addEventListener("htmx:sendError", function () { netError(true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) { netError(false); }
  });
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-forget-drafts]")) { return; }
    try {
      Object.keys(localStorage).filter(function (key) {
        return key.indexOf("ruko-draft") === 0;
      }).forEach(function (key) { localStorage.removeItem(key); });
    } catch (e) { /* no storage: nothing kept */ }
    /* and the forms the service worker (static/js/sw.js) keeps for sending later */
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget");
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });
})();
