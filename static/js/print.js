// A "Print" button: any element with data-print opens the browser's print dialogue.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
