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

// Long lists are written once: the guest slots after the first offer the same people, and every
// member's "present for" list the same members. Each further list copies its source here,
// keeping whatever it had chosen; a member's own name is then taken out of their list.
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
  document.querySelectorAll("select[data-self]").forEach((select) => {
    const own = Array.from(select.options).find((option) => option.value === select.dataset.self);
    if (own && !own.selected) own.remove();
  });
});
