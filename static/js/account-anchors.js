// « Mon compte » was one long page; its panels are now pages of their own. A link written before the split
// (/compte#adhesion in an old e-mail, a bookmark) lands on the menu's entry holding that id: go on to its
// page. Without this script she lands on that entry of the menu, one click away.
const id = decodeURIComponent(window.location.hash.slice(1));
const target = id ? document.getElementById(id) : null;
const link = target?.closest(".account-menu > li")?.querySelector("a[href]");
if (link) {
  window.location.replace(link.href);
}
