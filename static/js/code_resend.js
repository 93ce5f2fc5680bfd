// "Send a new code" on the unlock page: counts down the seconds the server said to wait (the
// button's data-resend-wait), keeps the button disabled meanwhile, then says a new code can be
// asked for. Without this script the button stays usable and the server answers honestly.
(function () {
  "use strict";
  var button = document.getElementById("resend-code");
  var status = document.getElementById("resend-wait");
  if (!button || !status) return;
  var left = parseInt(button.getAttribute("data-resend-wait") || "0", 10);
  var countdown = status.querySelector(".countdown");
  if (!(left > 0) || !countdown) return;
  button.disabled = true;
  var timer = window.setInterval(function () {
    left -= 1;
    if (left > 0) {
      countdown.textContent = String(left);
      return;
    }
    window.clearInterval(timer);
    button.disabled = false;
    status.textContent = button.getAttribute("data-ready-text") || "";
  }, 1000);
})();
