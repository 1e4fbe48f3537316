/* The page's side of the service worker (static/js/sw.js).
   - <form data-offline-queue data-sw="/sw.js" data-kept="/tersimpan/" data-assets="…"> installs
     the worker, which from then on keeps that form when it is sent without a connection (and
     stores the kept page with the assets it names, to show it offline);
   - on every page that loads this script, the worker is asked to send what it keeps when the
     connection is there (now, and each time it returns), and <p id="outbox-status"> says how
     it went with the words in its data-waiting, data-sent and data-failed ({count}, a link). */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var form = document.querySelector("form[data-offline-queue]");
  if (form) {
    var action = new URL(form.getAttribute("action") || location.href, location.href).pathname;
    var script = form.dataset.sw + "?kept=" + encodeURIComponent(form.dataset.kept) +
      "&queue=" + encodeURIComponent(action);
    (form.dataset.assets || "").split(" ").filter(Boolean).forEach(function (asset) {
      script += "&asset=" + encodeURIComponent(asset);
    });
    navigator.serviceWorker.register(script, { scope: "/" }).catch(function () {});
  }

  var note = document.getElementById("outbox-status");
  function say(text, href) {
    if (!note) { return; }
    note.textContent = text;
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = href.replace(location.origin, "");
      note.appendChild(document.createTextNode(" "));
      note.appendChild(link);
    }
    note.hidden = !text;
  }
  function forgetDraft(key) {
    /* the draft of a form that has now arrived (draft.js keeps it until then) */
    try {
      Object.keys(localStorage).forEach(function (name) {
        if (name.indexOf("ruko-draft:") !== 0) { return; }
        var data = JSON.parse(localStorage.getItem(name) || "null");
        var fields = data && (data.fields || data);
        if (key && fields && fields.idempotency_key === key) { localStorage.removeItem(name); }
      });
    } catch (e) { /* no storage */ }
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (!note) { return; }
    if (data.type === "status" && data.waiting) {
      say(note.dataset.waiting.replace("{count}", data.waiting));
    } else if (data.type === "sent") {
      forgetDraft(data.key);
      say(note.dataset.sent, data.url);
    } else if (data.type === "failed") {
      say(note.dataset.failed, data.url);
    }
  });

  function flush() {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage(navigator.onLine ? "flush" : "status"); }
    });
  }
  window.addEventListener("online", flush);
  flush();
})();
