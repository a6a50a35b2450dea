// Gluteus rest timer: optional; every page works without it. Buttons with data-rest start
// a countdown of that many seconds in the bar at the foot of the page.
(function () {
  "use strict";
  var bar = document.getElementById("rest-timer");
  if (!bar) { return; }
  var out = bar.querySelector("output");
  var stop = bar.querySelector("button");
  var handle = null;
  function finish(text) {
    if (handle) { clearInterval(handle); handle = null; }
    out.textContent = text;
  }
  function start(seconds) {
    var left = seconds;
    finish("Rest " + left + " s");
    bar.hidden = false;
    handle = setInterval(function () {
      left -= 1;
      if (left <= 0) { finish("Rest over: next set"); return; }
      out.textContent = "Rest " + left + " s";
    }, 1000);
  }
  document.querySelectorAll("button[data-rest]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { start(parseInt(button.dataset.rest, 10)); });
  });
  stop.addEventListener("click", function () { finish(""); bar.hidden = true; });
}());
