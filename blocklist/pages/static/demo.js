// The demo salon's own booking code: it stands in for a real booking system. Blocklist's script
// checks the customer first (it listens in the capture phase); this handler runs once the booking
// is let through and shows what a booking system would receive.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("booking");
    var confirmation = document.getElementById("confirmation");
    if (!form || !confirmation) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      confirmation.querySelectorAll("[data-field]").forEach(function (element) {
        var value = data.get(element.getAttribute("data-field"));
        element.textContent = value === null || value === "" ? "—" : String(value);
      });
      if (!data.get("blocklist_verdict")) {
        confirmation.querySelector('[data-field="blocklist_verdict"]').textContent = "not checked (no key)";
      }
      form.hidden = true;
      confirmation.hidden = false;
    });
  });
})();
