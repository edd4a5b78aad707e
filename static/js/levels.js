// The plan form: the swatch beside each level's colour shows the colour as it is typed.
// An SVG fill attribute, not a style: the content security policy allows no inline style.
(function () {
  var colour = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("svg[data-swatch-for]").forEach(function (swatch) {
    var input = document.getElementById(swatch.getAttribute("data-swatch-for"));
    var rect = swatch.querySelector("rect");
    if (!input || !rect) return;
    input.addEventListener("input", function () {
      var value = input.value.trim();
      rect.setAttribute("fill", colour.test(value) ? value : "none");
    });
  });
})();
