// Quiz attempt page: autosave, offline retry, a countdown with calm announcements.
// Without this file the page still works: every button is a normal form POST that saves.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch) { return; }
  var statusEl = document.getElementById("save-status");
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.getAttribute("data-csrf");
  var slot = parseInt(form.getAttribute("data-slot"), 10);
  var storeKey = "ims-quiz-" + form.getAttribute("data-attempt") + "-" + slot;
  var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };
  var inFlight = false, pending = false, retryDelay = 1000, retryTimer = null, closed = false;

  function say(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle("is-error", !!isError);
  }

  function snapshot() {
    var fields = {}, data = new FormData(form);
    data.forEach(function (value, name) {
      if (name === "csrf_token" || name === "slot" || name === "flagged" || name === "goto") { return; }
      (fields[name] = fields[name] || []).push(String(value));
    });
    return { slot: slot, fields: fields, flagged: !!(form.elements.flagged && form.elements.flagged.checked) };
  }

  function remember(payload) {
    try { localStorage.setItem(storeKey, JSON.stringify(payload)); } catch (e) { /* private mode */ }
  }
  function forget() { try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }

  function markNavigator(answered, flagged) {
    var item = form.querySelector('.quiz-nav__item[data-number="' + (slot + 1) + '"]');
    if (!item) { return; }
    item.classList.toggle("is-answered", answered);
    item.classList.toggle("is-flagged", flagged);
  }

  function send() {
    if (closed) { return; }
    if (inFlight) { pending = true; return; }  // one save at a time, so saves never arrive out of order
    var payload = snapshot();
    remember(payload);
    inFlight = true; pending = false;
    say(msg("saving"));
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        inFlight = false;
        if (response.ok && body.saved) {
          retryDelay = 1000;
          if (!pending) { forget(); }
          // The server formats the time in the portal's zone, the zone of the deadlines.
          var time = body.saved_at_text || new Date(body.saved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
          say(msg("saved").replace("%(time)s", time));
          markNavigator(body.answered, body.flagged);
        } else if (response.status === 409) {
          closed = true; forget();
          say(body.message || msg("timeup"), true);
          if (body.result_url) { window.setTimeout(function () { window.location = body.result_url; }, 2500); }
          return;
        } else if (response.status >= 500 || response.status === 429) {
          throw new Error("server busy");
        } else {
          forget();  // the server refused this answer: keeping it would only repeat the refusal
          say(body.message || body.error || "", true);
        }
        if (pending) { send(); }
      });
    }).catch(function () {
      inFlight = false;
      say(msg("offline"), true);
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(send, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  // An answer that never reached the server (closed tab, lost network) is put back and sent again.
  try {
    var kept = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (kept && kept.slot === slot) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrf_token" || el.name === "slot") { return; }
        if (el.name === "flagged") { el.checked = !!kept.flagged; return; }
        var values = kept.fields[el.name] || [];
        if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
        else if (el.tagName === "SELECT" || el.type === "text") { el.value = values[0] || ""; }
      });
      send();
    }
  } catch (e) { /* nothing kept */ }

  // Ordering questions: ↑ / ↓ move the item here and save the whole new order, so every saved
  // state is a complete order (no refused intermediate states); "keep" saves the shown order.
  var orderList = document.getElementById("order-list");
  function renumber() {
    var items = orderList.querySelectorAll(".order-item");
    Array.prototype.forEach.call(items, function (li, i) {
      var input = li.querySelector("input[type=hidden]");
      input.value = String(i + 1);
      input.disabled = false;
      li.querySelector(".order-up").disabled = i === 0;
      li.querySelector(".order-down").disabled = i === items.length - 1;
    });
    ["order-keep", "order-untouched"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.parentNode.removeChild(el); }
    });
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[name=move]") : null;
    if (!button || !orderList) { return; }
    event.preventDefault();
    var value = button.value;
    if (value !== "keep") {
      var li = button.closest(".order-item");
      var sibling = value.slice(-3) === ":up" ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) { return; }
      if (value.slice(-3) === ":up") { orderList.insertBefore(li, sibling); } else { orderList.insertBefore(sibling, li); }
      renumber();
      var again = li.querySelector(value.slice(-3) === ":up" ? ".order-up" : ".order-down");
      (again.disabled ? li.querySelector(".order-up:not([disabled]), .order-down:not([disabled])") : again).focus();
    } else {
      renumber();
      orderList.querySelector("button:not([disabled])").focus();
    }
    send();
  });

  var typing = null;
  form.addEventListener("change", send);
  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") { return; }
    remember(snapshot());
    window.clearTimeout(typing);
    typing = window.setTimeout(send, 800);
  });
  window.addEventListener("online", function () { if (localStorage.getItem(storeKey)) { send(); } });

  // Countdown: the visible clock ticks every second; screen readers hear it at a few milestones.
  var clock = document.getElementById("countdown");
  if (!clock) { return; }
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  var skew = Date.parse(clock.getAttribute("data-now")) - Date.now();
  var shown = document.getElementById("time-left");
  var announcer = document.getElementById("time-announcer");
  var milestones = [30, 15, 10, 5, 2, 1], announced = {};
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    shown.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    clock.classList.toggle("is-low", left <= 300);
    var minutes = Math.ceil(left / 60);
    milestones.forEach(function (mark) {
      if (minutes === mark && left > 0 && !announced[mark] && left <= mark * 60) {
        announced[mark] = true;
        announcer.textContent = mark === 1 ? msg("minute") : msg("minutes").replace("%(minutes)s", mark);
      }
    });
    if (left === 0) {
      announcer.textContent = msg("timeup");
      window.clearInterval(timer);
      closed = true;
      window.setTimeout(function () { window.location = clock.getAttribute("data-result-url"); }, 1500);
    }
  }
  // Milestones already passed when the page opens are not announced again.
  (function () {
    var minutes = Math.ceil(Math.max(0, deadline - (Date.now() + skew)) / 60000);
    milestones.forEach(function (mark) { if (mark > minutes) { announced[mark] = true; } });
  })();
  var timer = window.setInterval(tick, 1000);
  tick();
})();
