/* Checks the chosen files against the limits before anything is sent, so nobody waits for
   megabytes to go up on a weak signal only to hear "too many" or "too large". The server
   checks again. <input type="file" data-max-files data-max-bytes data-too-many
   data-too-large> carries the limits and the words ({chosen}, {name} filled in here). */
(function () {
  "use strict";
  function problem(input) {
    var files = input.files || [];
    if (files.length > Number(input.dataset.maxFiles)) {
      return input.dataset.tooMany.replace("{chosen}", files.length);
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > Number(input.dataset.maxBytes)) {
        return input.dataset.tooLarge.replace("{name}", files[i].name);
      }
    }
    return "";
  }
  function check(input) {
    var text = problem(input);
    var note = document.getElementById(input.id + "_check");
    if (!note) {
      note = document.createElement("p");
      note.id = input.id + "_check";
      note.className = "errorlist";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
      input.setAttribute("aria-describedby",
        ((input.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    }
    note.textContent = text;
    note.hidden = !text;
    input.setCustomValidity(text);
    if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    return !text;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-files]")) {
      check(event.target);
    }
  });
  /* Capture: runs before the form's own listeners (draft.js disables the button on submit). */
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-files]");
    for (var i = 0; i < inputs.length; i++) {
      if (!check(inputs[i])) {
        event.preventDefault();
        event.stopPropagation();
        inputs[i].focus();
        return;
      }
    }
  }, true);
})();
