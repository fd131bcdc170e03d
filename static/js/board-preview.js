// Instant Markdown preview on the board's forms. Without this script the « Aperçu » button posts
// the form and the server renders the page with the preview; with it, the same server rendering
// (markdown-it + nh3, so exactly what will be published) is fetched and shown in place.
const token = document.querySelector('input[name="csrf_token"]')?.value;

for (const form of document.querySelectorAll("[data-preview-form]")) {
  const button = form.querySelector("[data-preview-button]");
  const source = form.querySelector("[data-preview-source]");
  const target = form.querySelector("[data-preview-target]");
  if (!button || !source || !target || !token) continue;
  button.addEventListener("click", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ body: source.value, csrf_token: token });
    try {
      const response = await fetch("/coup-de-pouce/apercu", {
        method: "POST",
        headers: { "X-CSRF-Token": token },
        body,
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const heading = document.createElement("h2");
      heading.className = "board-preview-title";
      heading.textContent = "Aperçu";
      const content = document.createElement("div");
      content.className = "board-body";
      // Sanitised on the server by nh3, the same HTML the published message will have.
      content.innerHTML = await response.text();
      target.replaceChildren(heading, content);
    } catch {
      form.requestSubmit(button); // fall back to the server round trip
    }
  });
}
