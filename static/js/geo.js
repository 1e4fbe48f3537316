/* "Use my location": fills the latitude and longitude fields of an incident report from the
   phone's position. Without JavaScript (or without permission) the fields are typed or left
   empty; the button only appears where the browser can ask. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-geo]");
    if (!button || !navigator.geolocation) { return; }
    var form = button.form;
    button.hidden = false;
    button.addEventListener("click", function () {
      var label = button.textContent;
      button.disabled = true;
      button.textContent = button.dataset.geoWait;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
        button.textContent = label;
        button.disabled = false;
      }, function () {
        button.textContent = button.dataset.geoFail;
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });
})();
