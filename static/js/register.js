// The register page: one action sets every member expected at every meeting to "present".
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("set-all-present");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const selects = document.querySelectorAll("select[data-every-meeting]");
    selects.forEach((select) => { select.value = "present"; });
    const status = document.getElementById("set-all-present-status");
    if (status) status.textContent = `${selects.length} members set to present. Change anyone who was not, then save.`;
    if (selects.length) selects[0].focus();
  });
});

// The guest slots after the first offer the same people: the page writes the long list once and
// each further slot copies it here, keeping whatever it had chosen.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-same-options-as]").forEach((select) => {
    const source = document.getElementById(select.dataset.sameOptionsAs);
    if (!source) return;
    const chosen = select.value;
    select.replaceChildren(...Array.from(source.options, (option) => {
      const copy = option.cloneNode(true);
      copy.selected = false;
      copy.removeAttribute("selected");
      return copy;
    }));
    select.value = chosen;
  });
});
