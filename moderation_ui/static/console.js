// Small conveniences; every page works without them.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // picking a date selects "until a date"
    var until = document.getElementById("until");
    if (until) {
      until.addEventListener("change", function () {
        var radio = document.querySelector('input[name="duration"][value="date"]');
        if (radio && until.value) radio.checked = true;
      });
    }
    // a form is sent once: a double click does not decide twice
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function () {
        setTimeout(function () {
          form.querySelectorAll("button[type='submit']").forEach(function (b) { b.disabled = true; });
        }, 0);
      });
    });
  });
})();
