/* Chosen files, before anything is sent on a weak signal:
   - a photo larger than it needs to be is made smaller on the phone (at most 1600 px on its
     long side, JPEG at 80 %): a 3 MB camera photo goes up as about 300 KB. Drawing it anew
     also leaves its EXIF data (the place it was taken) behind. A file that would not get
     smaller is sent as it is; the server checks every file again and strips location data;
   - the limits are checked, so nobody waits for megabytes to go up only to hear "too many"
     or "too large".
   <input type="file" data-max-files data-max-bytes data-too-many data-too-large data-shrunk>
   carries the limits and the words ({chosen}, {name}, {before}, {after} filled in here). */
(function () {
  "use strict";
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var WORTH = 300 * 1024; /* smaller photos go as they are */

  function megabytes(bytes) {
    return bytes >= 1024 * 1024
      ? (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " MB"
      : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size < WORTH ||
        !window.createImageBitmap || !window.DataTransfer) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) { bitmap.close(); }
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });
  }

  function note(input) {
    var el = document.getElementById(input.id + "_check");
    if (!el) {
      el = document.createElement("p");
      el.id = input.id + "_check";
      el.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", el);
      input.setAttribute("aria-describedby",
        ((input.getAttribute("aria-describedby") || "") + " " + el.id).trim());
    }
    return el;
  }

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

  function check(input, said) {
    var text = problem(input);
    var el = note(input);
    el.className = text ? "errorlist" : "helptext";
    el.textContent = text || said || "";
    el.hidden = !el.textContent;
    input.setCustomValidity(text);
    if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    return !text;
  }

  /* Photos are made smaller first; the limits are checked on what will be sent. */
  var pending = new WeakMap();
  function prepare(input) {
    var files = Array.prototype.slice.call(input.files || []);
    if (files.length > Number(input.dataset.maxFiles)) { check(input); return; }
    var before = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    var work = Promise.all(files.map(shrink)).then(function (out) {
      var changed = out.some(function (f, i) { return f !== files[i]; });
      var said = "";
      if (changed) {
        var transfer = new DataTransfer();
        out.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files; /* no change event: nothing runs twice */
        var after = out.reduce(function (sum, f) { return sum + f.size; }, 0);
        said = (input.dataset.shrunk || "")
          .replace("{before}", megabytes(before)).replace("{after}", megabytes(after));
      }
      pending.delete(input);
      delete input.dataset.shrinking;
      check(input, said);
    });
    input.dataset.shrinking = "";
    pending.set(input, work);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-files]")) {
      prepare(event.target);
    }
  });
  /* Capture: runs before the form's own listeners (draft.js disables the button on submit). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var inputs = form.querySelectorAll("input[type=file][data-max-files]");
    var waiting = [];
    for (var i = 0; i < inputs.length; i++) {
      if (pending.has(inputs[i])) { waiting.push(pending.get(inputs[i])); }
    }
    if (waiting.length) {
      /* a photo is still being made smaller: send once it is ready */
      event.preventDefault();
      event.stopPropagation();
      var submitter = event.submitter;
      Promise.all(waiting).then(function () {
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      });
      return;
    }
    for (var j = 0; j < inputs.length; j++) {
      if (!check(inputs[j])) {
        event.preventDefault();
        event.stopPropagation();
        inputs[j].focus();
        return;
      }
    }
  }, true);
})();
