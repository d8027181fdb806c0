/*! Blocklist booking check — checks a customer with /v1/lookup before a booking form is sent.
 *
 *   <script src="https://BLOCKLIST/static/blocklist.js" data-key="bl_pk_..." data-form="#booking" defer></script>
 *
 * or, with your own hooks:
 *
 *   Blocklist.protect(document.querySelector("#booking"), {
 *     key: "bl_pk_...",
 *     onAllow: function (booking) { booking.proceed(); },
 *     onChallenge: function (action, reasons, booking) { booking.showMessage(); booking.proceed(); },
 *     onBlock: function (booking) { booking.showMessage(); }
 *   });
 *
 * The booking page is never held up by us: if the service is slow or down, the booking goes
 * through after `timeout` ms (default 1500) and the console says why. The verdict travels with
 * the form as hidden fields blocklist_verdict, blocklist_action and blocklist_lookup_id.
 */
(function () {
  "use strict";

  var VERSION = "1";
  // every language's messages, filled in by the server from blocklist/locales (one file per language)
  var LOCALES = /*WIDGET_MESSAGES*/{};
  var MESSAGES = LOCALES.messages || {};
  var RTL = {};
  (LOCALES.rtl || []).forEach(function (code) { RTL[code] = true; });
  var DEFAULT_FIELDS = {
    name: 'input[name="name"], input[autocomplete="name"]',
    givenName: 'input[autocomplete="given-name"]',
    familyName: 'input[autocomplete="family-name"]',
    email: 'input[type="email"], input[name="email"]',
    phone: 'input[type="tel"], input[name="phone"]',
    // a country-code picker beside the phone (value "+31"): a number typed the way its own country
    // writes it ("06-12345678") is then read there, not as the salon's country
    phoneCountry: 'select[name="phone_country"], [data-blocklist="phone-country"]',
    startsAt: 'input[name="starts_at"], input[type="datetime-local"]',
    service: 'select[name="service"], input[name="service"]'
  };

  function language(preferred) {
    var candidates = [preferred, document.documentElement.lang].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < candidates.length; i++) {
      var code = String(candidates[i] || "").slice(0, 2).toLowerCase();
      if (MESSAGES[code]) return code;
    }
    return "en";
  }

  function valueOf(form, selector) {
    if (!selector) return "";
    var field = form.querySelector(selector);
    return field && typeof field.value === "string" ? field.value.trim() : "";
  }

  function customerOf(form, fields) {
    var subject = {};
    var name = valueOf(form, fields.name) ||
      [valueOf(form, fields.givenName), valueOf(form, fields.familyName)].join(" ").trim();
    var email = valueOf(form, fields.email);
    var phone = valueOf(form, fields.phone);
    var dial = valueOf(form, fields.phoneCountry);
    if (phone && /^\+[0-9]{1,4}$/.test(dial) && !/^(\+|00)/.test(phone)) phone = dial + " " + phone;
    if (name) subject.name = name.slice(0, 200);
    if (email) subject.email = email.slice(0, 320);
    if (phone) subject.phone = phone.slice(0, 40);
    var booking = { channel: "online" };
    var startsAt = valueOf(form, fields.startsAt);
    var when = startsAt ? new Date(startsAt) : null;  // datetime-local is the visitor's local time
    if (when && !isNaN(when.getTime())) booking.starts_at = when.toISOString();
    var service = valueOf(form, fields.service);
    if (service) booking.service = service.slice(0, 100);
    return { subject: subject, booking: booking };
  }

  function lookup(options, body) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer;
    var timeout = new Promise(function (_, reject) {
      timer = setTimeout(function () {
        if (controller) controller.abort();
        reject(new Error("no answer within " + options.timeout + " ms"));
      }, options.timeout);
    });
    var request = fetch(options.endpoint + "/v1/lookup", {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + options.key },
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          var error = answer && answer.error ? answer.error.code + ": " + answer.error.message : "";
          throw new Error("HTTP " + response.status + (error ? " (" + error + ")" : ""));
        }
        return answer;
      });
    });
    return Promise.race([request, timeout]).then(function (answer) {
      clearTimeout(timer);
      return answer;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  function setHidden(form, name, value) {
    var field = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }

  function messageBox(form, options) {
    var box = options.messageElement || form.querySelector(".blocklist-message");
    if (!box) {
      box = document.createElement("div");
      box.className = "blocklist-message";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      form.appendChild(box);
    }
    return box;
  }

  function protect(form, settings) {
    if (!form || form.tagName !== "FORM") throw new Error("Blocklist.protect needs a <form> element");
    var options = {
      key: settings.key,
      endpoint: String(settings.endpoint || "").replace(/\/+$/, ""),
      timeout: Number(settings.timeout) > 0 ? Number(settings.timeout) : 1500,
      lang: language(settings.lang),
      fields: Object.assign({}, DEFAULT_FIELDS, settings.fields || {}),
      messages: settings.messages || {},
      messageElement: settings.messageElement || null,
      onAllow: settings.onAllow,
      onChallenge: settings.onChallenge,
      onBlock: settings.onBlock
    };
    if (!options.key) throw new Error("Blocklist.protect needs a publishable key (bl_pk_...)");
    var passing = false;
    var busy = false;
    var submitter = null;

    function text(name) {
      var own = options.messages[options.lang] || {};
      return own[name] || MESSAGES[options.lang][name] || MESSAGES.en[name];
    }

    function show(kind, withButton, booking) {
      var box = messageBox(form, options);
      box.textContent = "";
      box.setAttribute("lang", options.lang);
      box.setAttribute("dir", RTL[options.lang] ? "rtl" : "ltr");
      box.setAttribute("data-verdict", booking.verdict);
      var paragraph = document.createElement("p");
      paragraph.textContent = text(kind);
      box.appendChild(paragraph);
      // why, and how to contest it: the service's own page, never a link a page could bend elsewhere
      if (/^https?:\/\/[^\s]+\/transparency\?ref=lkp_[0-9a-f]+$/.test(booking.helpUrl || "")) {
        var help = document.createElement("a");
        help.className = "blocklist-help";
        help.href = booking.helpUrl + "&lang=" + options.lang;
        help.target = "_blank";
        help.rel = "noopener noreferrer";
        help.textContent = text("help");
        var line = document.createElement("p");
        line.appendChild(help);
        box.appendChild(line);
      }
      if (withButton) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "blocklist-proceed";
        button.textContent = text("proceed");
        button.addEventListener("click", function () { booking.proceed(); });
        box.appendChild(button);
      }
      box.hidden = false;
      // the answer appears where the customer is looking, and keyboards and screen readers land on it
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "-1");
      if (typeof box.scrollIntoView === "function") box.scrollIntoView({ block: "center", behavior: "smooth" });
      var focusTarget = box.querySelector(".blocklist-proceed") || box;
      try { focusTarget.focus({ preventScroll: true }); } catch (e) { focusTarget.focus(); }
      return box;
    }

    function booking(answer) {
      var done = false;
      var handle = {
        verdict: answer.verdict,
        action: answer.action,
        reasons: answer.reasons || [],
        lookupId: answer.lookup_id || "",
        helpUrl: answer.help_url || "",
        proceed: function () {
          if (done) return;
          done = true;
          setHidden(form, "blocklist_verdict", answer.verdict);
          setHidden(form, "blocklist_action", answer.action || "none");
          setHidden(form, "blocklist_lookup_id", answer.lookup_id || "");
          passing = true;
          try {
            if (typeof form.requestSubmit === "function") form.requestSubmit(submitter || undefined);
            else form.submit();
          } finally {
            passing = false;
          }
        },
        showMessage: function () {
          if (answer.verdict === "block") return show("block", false, handle);
          var kind = answer.action === "require_deposit" ? "require_deposit" : "require_confirmation";
          return show(kind, true, handle);
        }
      };
      return handle;
    }

    function decide(answer) {
      var handle = booking(answer);
      if (answer.verdict === "block") {
        (options.onBlock || function (b) { b.showMessage(); })(handle);
      } else if (answer.verdict === "challenge") {
        (options.onChallenge || function (action, reasons, b) { b.showMessage(); })(
          answer.action, handle.reasons, handle);
      } else {
        var box = form.querySelector(".blocklist-message");
        if (box) box.hidden = true;
        (options.onAllow || function (b) { b.proceed(); })(handle);
      }
    }

    form.addEventListener("submit", function (event) {
      if (passing) return;  // our own resubmission after the check: let the page handle it
      event.preventDefault();
      event.stopImmediatePropagation();
      if (busy) return;
      submitter = event.submitter || null;
      var body = customerOf(form, options.fields);
      if (!body.subject.name && !body.subject.email && !body.subject.phone) {
        decide({ verdict: "allow", action: "none", reasons: [], lookup_id: "" });
        return;
      }
      busy = true;
      form.setAttribute("aria-busy", "true");
      lookup(options, body).then(function (answer) {
        busy = false;
        form.removeAttribute("aria-busy");
        decide(answer);
      }, function (error) {
        busy = false;
        form.removeAttribute("aria-busy");
        if (window.console) {
          console.warn("Blocklist: the check did not complete (" + error.message + "); letting the booking through.");
        }
        booking({ verdict: "unchecked", action: "none", reasons: [], lookup_id: "" }).proceed();
      });
    }, true);  // capture: runs before the page's own submit handlers on the form
    return { language: options.lang };
  }

  var script = document.currentScript;
  var defaults = { endpoint: "" };
  if (script && script.src) {
    try { defaults.endpoint = new URL(script.src, document.baseURI).origin; } catch (e) { /* keep relative */ }
  }

  window.Blocklist = {
    version: VERSION,
    messages: MESSAGES,
    protect: function (form, settings) {
      return protect(form, Object.assign({}, defaults, settings || {}));
    }
  };

  if (script && script.getAttribute("data-key") && script.getAttribute("data-form")) {
    var start = function () {
      var form = document.querySelector(script.getAttribute("data-form"));
      if (!form) {
        console.warn("Blocklist: no form matches " + script.getAttribute("data-form"));
        return;
      }
      window.Blocklist.protect(form, {
        key: script.getAttribute("data-key"),
        endpoint: script.getAttribute("data-endpoint") || defaults.endpoint,
        timeout: script.getAttribute("data-timeout"),
        lang: script.getAttribute("data-lang")
      });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
