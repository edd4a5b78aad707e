// Review mode, keyboard first: Ctrl+Enter (or Alt+S) saves and moves on; Alt+N next; Alt+P previous.
document.addEventListener("keydown", (event) => {
  const form = document.getElementById("review-form");
  if (!form) return;
  const key = event.key.toLowerCase();
  let target = null;
  if ((event.ctrlKey || event.metaKey) && key === "enter") target = "save";
  else if (event.altKey && !event.ctrlKey && ["s", "n", "p"].includes(key)) target = { s: "save", n: "next", p: "previous" }[key];
  if (!target) return;
  event.preventDefault();
  if (target === "save") {
    form.requestSubmit();
    return;
  }
  const link = document.getElementById(`review-${target}`);
  if (link) window.location.assign(link.href);
});
