// One polite live region for the whole room: screen readers hear arrivals, hands, chat and state
// changes without losing their place. Several regions compete and some readers drop messages.
let region = null;
let timer = null;

export function setupAnnouncer(element) {
  region = element;
}

export function announce(text) {
  if (!region) return;
  // Clearing first then writing on the next tick makes readers repeat an identical message
  // (e.g. two « Main levée » in a row).
  region.textContent = "";
  clearTimeout(timer);
  timer = setTimeout(() => { region.textContent = text; }, 60);
}
