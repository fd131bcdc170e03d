// Calculators update live: each change asks the server (GET, pure computation, nothing saved) and
// replaces the result region, which is aria-live. Saving stays the form's own submit button.
const DELAY_MS = 250;

function watch(form) {
  const url = form.dataset.calculator;
  const result = form.closest(".calculator").querySelector(".calc-result");
  let timer = null;
  let controller = null;

  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    const params = new URLSearchParams(new FormData(form));
    params.delete("csrf_token");
    try {
      const response = await fetch(`${url}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (response.ok) {
        result.innerHTML = (await response.json()).html;
      }
    } catch (error) {
      if (error.name !== "AbortError") console.warn("calculateur :", error);
    }
  };

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  });
  form.addEventListener("change", refresh);
}

for (const form of document.querySelectorAll("form[data-calculator]")) {
  watch(form);
}
