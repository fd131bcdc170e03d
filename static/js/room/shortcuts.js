// Keyboard shortcuts, all with Alt+Maj so that single keys never fire while someone types or
// uses her screen reader's own letter keys (WCAG 2.1.4). The help dialog lists them.
const KEYS = {
  m: "mic", c: "camera", h: "hand", d: "chat", p: "people", e: "screen", a: "help", r: "reactions",
};

export function setupShortcuts(actions, dialog, openButton, open = () => dialog.showModal()) {
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    // event.key gives the letter on AZERTY and QWERTY alike; event.code is the fallback when
    // Alt turns the key into another character (macOS).
    const letter = event.key.length === 1 && /[a-z]/i.test(event.key)
      ? event.key.toLowerCase()
      : (event.code.startsWith("Key") ? event.code.slice(3).toLowerCase() : "");
    const action = KEYS[letter];
    if (!action || !actions[action]) return;
    event.preventDefault();
    actions[action]();
  });
  openButton.addEventListener("click", open);
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
}
