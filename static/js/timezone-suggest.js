// « Mon fuseau horaire »: proposes the browser's own time zone when she has not chosen one yet. The form works
// without this script (the list holds the usual zones); here the browser's zone is preselected and named, and
// she saves it herself: nothing changes without her click.
const select = document.querySelector("select[data-browser-zone-hint]");
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (select && zone) {
  const hint = document.getElementById(select.dataset.browserZoneHint);
  const chosen = select.value;
  const paris = zone === "Europe/Paris";
  if (chosen === "" && !paris) {
    let option = Array.from(select.options).find((o) => o.value === zone);
    if (!option) {
      option = new Option(zone.replaceAll("_", " "), zone);
      select.add(option);
    }
    select.value = zone;
    hint.textContent = hint.dataset.suggestionTemplate.replace("[zone]", option.textContent);
  }
}
