// Gluteus, today's page: our own small enhancement; every control also works as a plain form.
// One tap on Done logs a set without reloading; sets logged without signal wait in this
// browser and are sent when the connection returns (each set row carries its own key, so a
// set is stored once however often it is sent); the rest timer starts by itself, survives
// reloads and calls you back with a sound, a vibration and, in the background, a notification.
(function () {
  "use strict";
  var QUEUE = "gluteus-queue";
  var TIMER = "gluteus-rest";
  var bar = document.getElementById("rest-timer");
  var status = document.getElementById("sync-status");

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(items) { localStorage.setItem(QUEUE, JSON.stringify(items)); showQueue(); }
  function showQueue() {
    if (!status) { return; }
    var n = readQueue().length;
    status.hidden = n === 0;
    status.textContent = n === 1 ? "1 set is waiting for signal; it is sent when you are back online."
      : n + " sets are waiting for signal; they are sent when you are back online.";
  }

  // --- steppers: − / + beside number fields, no keyboard needed mid-set -----------------------
  function addSteppers(form) {
    form.querySelectorAll("input[data-step]").forEach(function (input) {
      var step = parseFloat(input.dataset.step);
      var what = input.name === "load" ? "load" : (input.name === "reps" ? "reps" : input.name);
      var wrap = document.createElement("div");
      wrap.className = "stepper";
      input.parentNode.insertBefore(wrap, input);
      function button(sign, text, label) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.setAttribute("aria-label", label);
        b.addEventListener("click", function () {
          var value = parseFloat(String(input.value).replace(",", ".")) || 0;
          var next = Math.max(input.name === "reps" ? 1 : 0, value + sign * step);
          input.value = String(Math.round(next * 100) / 100);
          input.dispatchEvent(new Event("change"));
        });
        return b;
      }
      wrap.appendChild(button(-1, "−", "Less " + what));
      wrap.appendChild(input);
      wrap.appendChild(button(1, "+", "More " + what));
    });
  }

  // --- one tap a set ----------------------------------------------------------------------------
  function card(form) { return form.closest("section.exercise"); }
  function describe(form) {
    var reps = form.querySelector("[name=reps]");
    var load = form.querySelector("[name=load]");
    var band = form.querySelector("[name=band]");
    var text = "Set " + form.dataset.set + ": " + reps.value;
    if (load && load.value) { text += " × " + load.value + " " + form.querySelector("label[for='" + load.id + "']").textContent; }
    if (band && band.value) { text += " · " + band.value.replace(/_/g, " ") + " band"; }
    return text;
  }
  function markDone(form, pending) {
    var row = form.closest("li.set");
    var section = card(form);
    var values = {};
    ["reps", "load", "band"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) { values[name] = field.value; }
    });
    var tick = document.createElement("span");
    tick.className = "tick";
    tick.setAttribute("aria-hidden", "true");
    tick.textContent = pending ? "…" : "✓";
    var text = document.createElement("span");
    text.textContent = describe(form) + (pending ? " (waiting for signal)" : "");
    var details = row.querySelector("details");
    row.textContent = "";
    row.className = "set done" + (pending ? " pending" : "");
    row.appendChild(tick);
    row.appendChild(text);
    if (details) { section.classList.add("complete"); }
    var forms = section.querySelectorAll("form.set-form");
    var next = forms.length ? forms[0] : null;
    if (next) {
      Object.keys(values).forEach(function (name) {
        var field = next.querySelector("[name=" + name + "]");
        if (field) { field.value = values[name]; }
      });
    }
    var done = section.querySelectorAll("li.set.done").length;
    var count = section.querySelector("[data-count]");
    var planned = count ? parseInt(count.textContent.split(" of ")[1], 10) : 0;
    if (count) { count.textContent = done + " of " + planned + " done"; }
    if (done >= planned) {
      section.classList.add("complete");
      var nextCard = section.nextElementSibling;
      while (nextCard && !nextCard.matches("section.exercise:not(.complete)")) { nextCard = nextCard.nextElementSibling; }
      return nextCard ? nextCard.querySelector("form.set-form button.done-button") : null;
    }
    return next ? next.querySelector("button.done-button") : null;
  }
  // The logged row is redrawn without its button: focus goes to the next set's Done button,
  // or stays on the card when nothing is left, never back to the top of the page.
  function keepFocus(section, next) {
    if (next) { next.focus(); return; }
    var heading = section.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }
  function showProblems(form, problems) {
    form.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
    var first = null;
    problems.forEach(function (p) {
      var name = p.field.indexOf("load") === 0 ? "load" : (p.field.indexOf("band") === 0 ? "band" : "reps");
      var field = form.querySelector("[name=" + name + "]");
      if (!field) { return; }
      var box = field.closest(".field");
      var message = document.createElement("span");
      message.className = "field-error";
      message.id = "err-" + field.id;
      message.textContent = p.reason + (p.allowed ? " (" + p.allowed + ")" : "");
      box.classList.add("bad");
      box.appendChild(message);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", message.id);
      first = first || field;
    });
    if (first) { first.focus(); }
  }
  function send(action, body) {
    return fetch(action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" }
    });
  }
  // --- timed holds: "Start hold" counts the shown seconds down, then logs the row -------------
  function clockText(seconds) { return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0"); }
  function addHold(form) {
    var section = card(form);
    var reps = form.querySelector("[name=reps]");
    var done = form.querySelector("button.done-button");
    if (!section.hasAttribute("data-hold") || !reps || !done) { return; }
    var start = document.createElement("button");
    start.type = "button";
    start.className = "hold-button secondary";
    function label(verb) {
      start.textContent = verb + " hold";
      start.setAttribute("aria-label", verb + " hold: set " + form.dataset.set + " of " + section.dataset.name);
    }
    label("Start");
    var clock = document.createElement("output");
    clock.className = "hold-clock";
    clock.setAttribute("aria-live", "polite");
    clock.hidden = true;
    done.parentNode.insertBefore(clock, done);
    done.parentNode.insertBefore(start, clock);
    var timer = null;
    var end = 0;
    var total = 0;
    function left() { return Math.max(0, Math.ceil((end - Date.now()) / 1000)); }
    function stop(text) {
      clearInterval(timer); timer = null;
      label("Start");
      clock.textContent = text;
    }
    function show() {
      var seconds = left();
      clock.textContent = "Hold " + clockText(seconds);
      if (seconds > 0) { return; }
      stop("Hold done");
      beep("Hold done", "Log it and rest.");
      done.focus();
      if (form.requestSubmit) { form.requestSubmit(done); } else { done.click(); }
    }
    start.addEventListener("click", function () {
      if (timer) {  // stopped early: the seconds held go in the field; Done logs them
        var held = Math.max(1, total - left());
        reps.value = String(held);
        stop("Stopped at " + held + " s: Done logs it");
        done.focus();
        return;
      }
      total = parseInt(reps.value, 10) || 0;
      if (total <= 0) { reps.focus(); return; }
      end = Date.now() + total * 1000;
      clock.hidden = false;
      label("Stop");
      show();
      timer = setInterval(show, 250);
    });
  }

  document.querySelectorAll("form.set-form").forEach(function (form) {
    addSteppers(form);
    addHold(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form)).toString();
      var button = form.querySelector("button.done-button");
      button.disabled = true;
      var rest = parseInt(card(form).dataset.rest, 10) || 0;
      var name = card(form).dataset.name;
      send(form.action, body).then(function (response) {
        if (response.status === 422) {
          return response.json().then(function (data) { button.disabled = false; showProblems(form, data.problems || []); });
        }
        if (!response.ok) { form.submit(); return; }
        var section = card(form);
        keepFocus(section, markDone(form, false));
        startRest(rest, name);
      }).catch(function () {
        var items = readQueue();
        items.push({ action: form.action, body: body });
        writeQueue(items);
        var section = card(form);
        keepFocus(section, markDone(form, true));
        startRest(rest, name);
      });
    });
  });

  // One sender at a time: the browser's own "online" event and a second one (or a reload) must
  // not send the same set twice at once, nor drop a set that was never sent. A sent set leaves
  // the queue by its body (it holds the set's key), not by its place.
  var flushing = false;
  function flush() {
    if (flushing) { return; }
    var items = readQueue();
    if (!items.length || !navigator.onLine) { showQueue(); return; }
    var item = items[0];
    flushing = true;
    send(item.action, item.body).then(function (response) {
      flushing = false;
      if (response.status >= 500) { showQueue(); return; }
      writeQueue(readQueue().filter(function (queued) { return queued.body !== item.body; }));
      var row = document.querySelector("li.set.pending");
      if (row) {
        row.classList.remove("pending");
        row.querySelector(".tick").textContent = "✓";
        var text = row.querySelector("span:last-child");
        text.textContent = text.textContent.replace(" (waiting for signal)", "");
      }
      flush();
    }).catch(function () { flushing = false; showQueue(); });
  }
  window.addEventListener("online", flush);
  showQueue();
  flush();

  // --- the rest timer ---------------------------------------------------------------------------
  var tick = null;
  var alarm = null;
  function beep(title, body) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      var audio = new Context();
      [0, 0.35].forEach(function (at) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.2;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(audio.currentTime + at); osc.stop(audio.currentTime + at + 0.2);
      });
    } catch (e) { /* no sound available */ }
    if (navigator.vibrate) { navigator.vibrate([250, 120, 250]); }
    if (document.hidden && window.Notification && Notification.permission === "granted") {
      var words = typeof title === "string" ? [title, body] : ["Rest is over", "Time for your next set."];
      new Notification(words[0], { body: words[1], tag: "gluteus-rest" });
    }
  }
  function render() {
    var state = JSON.parse(localStorage.getItem(TIMER) || "null");
    if (!state || !bar) { return; }
    var left = Math.round((state.end - Date.now()) / 1000);
    var out = bar.querySelector("output");
    bar.hidden = false;
    if (left <= 0) {
      out.textContent = "Rest over: next set";
      clearInterval(tick); tick = null;
      localStorage.removeItem(TIMER);
      return;
    }
    out.textContent = "Rest " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + (state.name ? " · " + state.name : "");
  }
  function arm() {
    var state = JSON.parse(localStorage.getItem(TIMER) || "null");
    clearInterval(tick); clearTimeout(alarm);
    if (!state) { return; }
    render();
    tick = setInterval(render, 1000);
    alarm = setTimeout(beep, Math.max(0, state.end - Date.now()));
  }
  function startRest(seconds, name) {
    if (!seconds) { return; }
    localStorage.setItem(TIMER, JSON.stringify({ end: Date.now() + seconds * 1000, name: name }));
    if (window.Notification && Notification.permission === "default") { Notification.requestPermission(); }
    arm();
  }
  if (bar) {
    bar.querySelector("button").addEventListener("click", function () {
      localStorage.removeItem(TIMER); clearInterval(tick); clearTimeout(alarm); bar.hidden = true;
    });
    arm();
  }
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { render(); } });

  if ("serviceWorker" in navigator) { navigator.serviceWorker.register("/sw.js").catch(function () {}); }
}());
