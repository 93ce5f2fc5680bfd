// Progress for the ALTCHA human check (templates/includes/human_check.html): the proof of work
// gives no progress of its own, so while the widget is "verifying" show a moving bar and the
// seconds elapsed, then say when it is done (or failed). Texts come from the markup (translated
// on the server); the seconds counter is hidden from screen readers so that only the state
// changes are announced.
(function () {
  "use strict";
  var box = document.getElementById("human-check-progress");
  var widget = document.querySelector("altcha-widget");
  if (!box || !widget) return;
  var message = box.querySelector(".human-check-message");
  var elapsed = box.querySelector(".human-check-elapsed");
  var bar = box.querySelector("progress");
  var hint = box.querySelector(".human-check-hint");
  var timer = null;
  var started = 0;

  function seconds() {
    return ((Date.now() - started) / 1000).toFixed(0) + " s";
  }

  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }

  widget.addEventListener("statechange", function (event) {
    var state = event.detail && event.detail.state;
    if (state === "verifying") {
      started = Date.now();
      box.hidden = false;
      bar.hidden = false;
      hint.hidden = false;
      box.setAttribute("data-state", "verifying");
      message.textContent = box.getAttribute("data-verifying") + "…";
      elapsed.textContent = "0 s";
      stop();
      timer = window.setInterval(function () {
        elapsed.textContent = seconds();
      }, 500);
    } else if (state === "verified") {
      stop();
      box.hidden = false;
      bar.hidden = true;
      hint.hidden = true;
      box.setAttribute("data-state", "verified");
      message.textContent = box.getAttribute("data-verified");
      elapsed.textContent = started ? "(" + seconds() + ")" : "";
    } else if (state === "error" || state === "expired") {
      stop();
      box.hidden = false;
      bar.hidden = true;
      hint.hidden = true;
      box.setAttribute("data-state", "failed");
      message.textContent = box.getAttribute("data-failed");
      elapsed.textContent = "";
    } else {
      stop();
      box.hidden = true;
    }
  });
})();
