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

// The guest search: as one types, htmx asks for the people who match (hx-get on the box); the
// search button and Enter ask at once instead of reloading the page. A person added as a guest
// leaves the list, and the page says so where a screen reader hears it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("guest-search");
  const box = document.getElementById("guest-search-box");
  const status = document.getElementById("guest-search-status");
  if (!form || !box || !window.htmx) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.htmx.trigger(box, "search");
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const button = event.detail.elt;
    if (!event.detail.successful || !button.matches || !button.matches("button[data-guest-name]")) return;
    const item = button.closest("li");
    const list = item && item.parentElement;
    if (item) item.remove();
    document.querySelector("#register-rows .register-empty")?.remove();
    if (status) status.textContent = `${button.dataset.guestName} added to the register as a guest, in attendance.`;
    if (list && !list.children.length) list.remove();
    box.focus();
  });
});
