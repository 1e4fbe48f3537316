/* Keeps a form's text on the device while it is typed, so a dropped connection, a reload
   or a failed submit loses nothing. Files cannot be kept; everything else is restored.
   <form data-draft="name"> saves; nothing is kept while no text field holds text. A draft
   is forgotten after a successful step:
   - <meta name="ruko-draft-sent" content="name"> forgets that draft;
   - <meta name="ruko-step-saved" content="prefix"> forgets the drafts that were sent from
     the forms whose names start with prefix (the page after a saved step of a case).
   A draft that was sent but not saved (the connection dropped, the server refused) stays.
   Only when text comes back that the page did not already show does the form say so: its
   [data-draft-note], or a copy of <template id="draft-note">, and its <details> opens. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) { return; }
  var PREFIX = "ruko-draft:";

  function kept(el) {
    return el.name && el.type !== "file" && el.type !== "submit" && el.name !== "csrfmiddlewaretoken";
  }
  function typed(el) {
    return el.tagName === "TEXTAREA" || /^(text|email|tel|url|number|search|date)$/.test(el.type);
  }
  function read(key) {
    var data;
    try { data = JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    /* drafts kept before the sent mark were the fields alone */
    return data && !data.fields ? { fields: data, sent: false } : data;
  }
  function write(key, data) {
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full */ }
  }

  function forgetSaved(root) {
    root.querySelectorAll('meta[name="ruko-draft-sent"]').forEach(function (meta) {
      store.removeItem(PREFIX + meta.content);
    });
    root.querySelectorAll('meta[name="ruko-step-saved"]').forEach(function (meta) {
      Object.keys(store).forEach(function (key) {
        if (key.indexOf(PREFIX + meta.content) === 0 && (read(key) || {}).sent) {
          store.removeItem(key);
        }
      });
    });
  }

  function restore(form, saved) {
    var back = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el) || !(el.name in saved.fields)) { return; }
      /* a key the server has just handed out (the old one already made a case) stays */
      if (el.hasAttribute("data-draft-fresh")) { return; }
      var value = saved.fields[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = value === el.value;
      } else if (el.value.trim() !== value.trim()) {
        if (typed(el) && value.trim()) { back = true; }
        el.value = value;  /* text, selects and the idempotency key alike */
      }
    });
    if (!back) { return; }
    var note = form.querySelector("[data-draft-note]");
    var template = document.getElementById("draft-note");
    if (!note && template) {
      note = template.content.firstElementChild.cloneNode(true);
      form.insertBefore(note, form.firstChild);
    }
    if (note) { note.hidden = false; }
    var details = form.closest("details");
    if (details) { details.open = true; }
  }

  function save(form, key, sent) {
    var fields = {};
    var text = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      fields[el.name] = el.value;
      if (typed(el) && el.value.trim()) { text = true; }
    });
    if (text) { write(key, { fields: fields, sent: sent }); } else { store.removeItem(key); }
  }

  function init(root, restoring) {
    forgetSaved(root);
    var forms = Array.prototype.slice.call(root.querySelectorAll("form[data-draft]"));
    if (root.matches && root.matches("form[data-draft]")) { forms.push(root); }
    forms.forEach(function (form) {
      if (form.dataset.draftReady) { return; }
      form.dataset.draftReady = "1";
      var key = PREFIX + form.dataset.draft;
      var saved = read(key);
      if (saved) {
        if (restoring) { restore(form, saved); }
        if (saved.sent) { write(key, { fields: saved.fields, sent: false }); }
      }
      form.addEventListener("input", function () { save(form, key, false); });
      form.addEventListener("change", function () { save(form, key, false); });
      form.addEventListener("submit", function () {
        save(form, key, true);
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; setTimeout(function () { button.disabled = false; }, 15000); }
      });
    });
  }

  init(document, true);
  /* Content htmx swaps in (the comments, a response template) keeps its drafts too; what it
     shows came from the server, so nothing is restored over it. */
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt, false); });
})();
