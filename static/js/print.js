// « Imprimer » on the reports for funders: the browser's print dialog (the page has print styles).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
