// Large imports: show how far the upload has come, then that the server is working, then
// the server's answer (issue 22). A form opts in with a [data-upload-status] box. Without
// this script, or when anything here fails, the form posts as it always did.
(function () {
  "use strict";

  function target(form) {
    // not form.action: a button named "action" shadows that property
    return new URL(form.getAttribute("action") || "", document.baseURI).href;
  }

  function nativeSubmit(form) {
    delete form.dataset.sending;
    HTMLFormElement.prototype.submit.call(form);
  }

  function show(xhr, form) {
    var url = xhr.responseURL || "";
    if (url && url !== target(form)) {
      window.location.assign(url); // the server redirected (a saved import): go there
      return;
    }
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) {
      nativeSubmit(form);
      return;
    }
    document.open();
    document.write(xhr.responseText); // the page the server answered (preview or problems)
    document.close();
  }

  function setup(form) {
    var box = form.querySelector("[data-upload-status]");
    var status = form.querySelector("[data-upload-message]");
    if (!box || !status || !window.XMLHttpRequest || !window.FormData) {
      return;
    }
    var bar = box.querySelector("progress");
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) {
        event.preventDefault(); // one upload at a time
        return;
      }
      var data;
      var xhr;
      try {
        data = new FormData(form);
        var button = event.submitter;
        if (button && button.name) {
          data.append(button.name, button.value);
        }
        xhr = new XMLHttpRequest();
        xhr.open("POST", target(form));
      } catch (error) {
        return; // let the browser post the form itself
      }
      event.preventDefault();
      form.dataset.sending = "yes";
      box.hidden = false;
      bar.value = 0;
      status.textContent = "Uploading your file…";
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && e.total > 0) {
          bar.max = e.total;
          bar.value = e.loaded;
          status.textContent = "Uploading: " + Math.round((100 * e.loaded) / e.total) + " %";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate: the server reads and checks the rows
        status.textContent = "Uploaded. Reading and checking your file; this can take a minute…";
      });
      xhr.addEventListener("load", function () {
        try {
          show(xhr, form);
        } catch (error) {
          nativeSubmit(form);
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = "The upload failed; sending the form again the plain way…";
        nativeSubmit(form);
      });
      xhr.send(data);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-upload]");
    for (var i = 0; i < forms.length; i += 1) {
      setup(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
