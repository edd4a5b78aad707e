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
