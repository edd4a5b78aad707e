// Text boxes grow with their text where the browser cannot do it in CSS (field-sizing).
(function () {
  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;
  function fit(box) {
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight + 2, window.innerHeight * 0.7) + "px";
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.form-control")) fit(event.target);
  });
  function fitAll() { document.querySelectorAll("textarea.form-control").forEach(fit); }
  document.addEventListener("DOMContentLoaded", fitAll);
  document.addEventListener("htmx:afterSwap", fitAll);
})();

// A tick that says a value is not known empties the box it stands for (data-clears="its id").
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[type=checkbox][data-clears]") || !box.checked) return;
  var target = document.getElementById(box.getAttribute("data-clears"));
  if (target) target.value = "";
});

// A page that comes back with errors takes the reader to their summary; a link in it moves the
// focus to its field (not only the scroll position).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({block: "center"});
  field.focus();
});
