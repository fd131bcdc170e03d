// Quizzes answered in place: the form still works without JavaScript (POST then redirect);
// with it, the verdict and feedback land in the aria-live region without leaving the page.
const token = (form) => form.querySelector('input[name="csrf_token"]')?.value ?? "";

async function submitQuiz(event) {
  const form = event.currentTarget;
  event.preventDefault();
  const result = form.querySelector(".quiz-result");
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json", "X-CSRF-Token": token(form) },
      credentials: "same-origin",
    });
    if (!response.ok) {
      form.submit(); // let the server's page explain (expired session, no attempts left…)
      return;
    }
    const data = await response.json();
    result.innerHTML = data.html;
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
}

for (const form of document.querySelectorAll("form[data-quiz]")) {
  form.addEventListener("submit", submitQuiz);
}
