/* Keeps a form's text on the device while it is typed, so a dropped connection, a reload
   or a failed submit loses nothing. Files cannot be kept; everything else is restored.
   <form data-draft="name"> saves; a page with <meta name="ruko-draft-sent" content="name">
   (shown after a successful submit) forgets the draft. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) { return; }
  var sent = document.querySelector('meta[name="ruko-draft-sent"]');
  if (sent) { store.removeItem("ruko-draft:" + sent.content); }
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "ruko-draft:" + form.dataset.draft;
    var saved = {};
    try { saved = JSON.parse(store.getItem(key) || "{}"); } catch (e) { saved = {}; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") { return; }
      if (!(el.name in saved)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = saved[el.name] === el.value;
      } else {
        el.value = saved[el.name];  /* text, selects and the idempotency key alike */
      }
    });
    var note = form.querySelector("[data-draft-note]");
    if (note && Object.keys(saved).length) { note.hidden = false; }
    function save() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") { return; }
        if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
        data[el.name] = el.value;
      });
      try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full */ }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      save();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; setTimeout(function () { button.disabled = false; }, 15000); }
    });
  });
})();
