// The header's language switch (templates/includes/language_switch.html): choosing a language
// sends the form at once. Without this script the "Change language" button does it.
(function () {
  "use strict";
  const form = document.getElementById("language-switch");
  const choice = form && form.querySelector("select[name=language]");
  const button = form && form.querySelector(".language-go");
  if (!form || !choice) {
    return;
  }
  if (button) {
    button.hidden = true;
  }
  choice.addEventListener("change", function () {
    form.submit();
  });
})();
