// Sign-up: put the browser's own time zone in the time zone field, when it is one of the
// zones offered and the page marked the field as not yet chosen (data-from-browser; a form
// sent back with a problem keeps what was typed). Without this script the field stays UTC;
// either way it can be typed over.
(function () {
  "use strict";
  var field = document.getElementById("timezone");
  var zones = document.getElementById("zones");
  if (!field || !zones || !field.hasAttribute("data-from-browser") || !window.Intl) {
    return;
  }
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  var offered = Array.prototype.some.call(zones.options, function (option) {
    return option.value === zone;
  });
  if (offered) {
    field.value = zone;
  }
})();
