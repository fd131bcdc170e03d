// Her own controls: microphone, camera, screen share, hand, reactions, and the side panels.
// Toggles show their state three ways: aria-pressed, a word under the label, and a colour.
import { $, el } from "./dom.js";
import { announce } from "./announce.js";
import { REACTIONS, changed, isHost, state } from "./state.js";
import { canShareScreen } from "./sound.js";

const PHONE = "(max-width: 600px)";
const VIEW_KEY = "entraide-room-view";

export class Controls {
  // session: {sig, media, local: {stream, camera, microphone}, screenTrack}, shared with main.js.
  // onView(view): « speaker » or « gallery », when she switches.
  constructor(session, onOpenChat, onView = () => {}) {
    this.session = session;
    this.onOpenChat = onOpenChat;
    this.onView = onView;
    this.buttons = {
      mic: $("#btn-mic"), camera: $("#btn-camera"), hand: $("#btn-hand"), reactions: $("#btn-reactions"),
      chat: $("#btn-chat"), people: $("#btn-people"), screen: $("#btn-screen"),
      view: $("#btn-view"), host: $("#btn-host"),
    };
    this.menu = $("#reactions-menu");
    this.panels = { chat: $("#panel-chat"), people: $("#panel-people"), host: $("#host-panel") };
    // On a phone the host tools would cover the room: closed until she opens them.
    this.hostOpen = !matchMedia(PHONE).matches;
    // Turning a tablet or resizing a window: the tools follow the screen's size.
    matchMedia(PHONE).addEventListener("change", (event) => { this.hostOpen = !event.matches; this.render(); });
    const b = this.buttons;
    b.mic.addEventListener("click", () => this.setMic(!this.micOn()));
    b.camera.addEventListener("click", () => this.setCamera(b.camera.getAttribute("aria-pressed") !== "true"));
    b.hand.addEventListener("click", () => this.toggleHand());
    b.reactions.addEventListener("click", () => this.toggleReactions());
    b.chat.addEventListener("click", () => this.togglePanel("chat"));
    b.people.addEventListener("click", () => this.togglePanel("people"));
    b.screen.addEventListener("click", () => this.toggleScreen());
    b.host.addEventListener("click", () => this.togglePanel("host"));
    b.view.addEventListener("click", () => this.setView(b.view.getAttribute("aria-pressed") !== "true"));
    for (const [emoji, label] of Object.entries(REACTIONS)) {
      this.menu.append(el("button", {
        type: "button", class: "reaction-choice", text: emoji, "aria-label": label, title: label,
        onclick: () => { session.sig.send("reaction", { emoji }); this.toggleReactions(false); b.reactions.focus(); },
      }));
    }
    this.menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { this.toggleReactions(false); b.reactions.focus(); }
    });
    for (const name of Object.keys(this.panels)) {
      const panel = this.panels[name];
      panel.querySelector("[data-close]").addEventListener("click", () => this.togglePanel(name, false));
      // Full-screen on a phone: Escape closes it like a dialog.
      panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && matchMedia(PHONE).matches) { event.stopPropagation(); this.togglePanel(name, false); }
      });
    }
  }

  // The view she chose stays for this tab (a reload or a reconnection keeps it).
  restoreView() {
    this.setView(sessionStorage.getItem(VIEW_KEY) === "gallery", false);
  }

  setView(gallery, say = true) {
    sessionStorage.setItem(VIEW_KEY, gallery ? "gallery" : "speaker");
    this.buttons.view.setAttribute("aria-pressed", String(gallery));
    $("#videos").dataset.view = gallery ? "gallery" : "speaker";
    this.onView(gallery ? "gallery" : "speaker");
    if (say) announce(gallery ? "Vue galerie : tout le monde à la même taille." : "Vue intervenante.");
  }

  get local() {
    return this.session.local;
  }

  micOn() {
    const mic = this.local.microphone;
    return Boolean(mic && mic.enabled && !state.me?.muted?.has("microphone"));
  }

  render() {
    const b = this.buttons;
    toggle(b.mic, this.micOn(), "activé", "coupé");
    b.mic.disabled = !this.local.microphone;
    const camera = this.local.camera;
    toggle(b.camera, Boolean(camera && camera.enabled && camera.readyState === "live"), "activée", "coupée");
    toggle(b.hand, state.hands.includes(state.me?.id), "levée", "baissée", false);
    // No getDisplayMedia (phones): no button that can only fail; the settings say why.
    b.screen.hidden = !isHost() || !canShareScreen;
    b.host.hidden = !isHost();
    const hostPanel = this.panels.host;
    hostPanel.hidden = !isHost() || !this.hostOpen;
    b.host.setAttribute("aria-expanded", String(!hostPanel.hidden));
    toggle(b.screen, Boolean(this.session.screenTrack), "en cours", "", false);
  }

  setMic(on) {
    const mic = this.local.microphone;
    if (!mic) return;
    mic.enabled = on;
    state.me.muted[on ? "delete" : "add"]("microphone");
    this.session.sig.send("mute", { source: "microphone", muted: !on });
    announce(on ? "Micro activé." : "Micro coupé.");
    changed();
  }

  async setCamera(on) {
    const local = this.local;
    if (on && (!local.camera || local.camera.readyState !== "live")) {
      // She joined without a camera: ask for one now and add it to the publishing connection.
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } } });
        local.camera = stream.getVideoTracks()[0];
        local.stream.addTrack(local.camera);
        this.session.media?.publish({ camera: local.camera });
      } catch {
        announce("Caméra indisponible.");
        return;
      }
    } else if (local.camera) {
      local.camera.enabled = on;
    }
    this.session.sig.send("mute", { source: "camera", muted: !on });
    announce(on ? "Caméra activée." : "Caméra coupée.");
    changed();
  }

  toggleHand() {
    this.session.sig.send(state.hands.includes(state.me.id) ? "lower_hand" : "raise_hand");
  }

  async toggleScreen() {
    if (!isHost()) return;
    const session = this.session;
    if (session.screenTrack) {
      session.media?.unpublish("screen");
      session.screenTrack.stop();
      session.screenTrack = null;
      announce("Partage d'écran arrêté.");
      changed();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
      const track = session.screenTrack = stream.getVideoTracks()[0];
      // « Arrêter le partage » in the browser's own bar ends the track: stop on our side too.
      track.addEventListener("ended", () => { if (session.screenTrack === track) this.toggleScreen(); });
      await session.media?.publish({ screen: track });
      announce("Vous partagez votre écran.");
    } catch {
      announce("Partage d'écran annulé.");
    }
    changed();
  }

  toggleReactions(open = this.menu.hidden) {
    this.menu.hidden = !open;
    this.buttons.reactions.setAttribute("aria-expanded", String(open));
    if (open) this.menu.querySelector("button")?.focus();
  }

  togglePanel(name, open) {
    const panel = this.panels[name];
    open = open ?? panel.hidden;
    if (name === "host") this.hostOpen = open;
    panel.hidden = !open;
    this.buttons[name].setAttribute("aria-expanded", String(open));
    // Focus goes into the panel (on a phone it covers the screen), and back to its button on closing.
    if (open && name === "chat") this.onOpenChat();
    else if (open) { const heading = panel.querySelector("h2"); heading.tabIndex = -1; heading.focus(); }
    if (!open) this.buttons[name].focus();
  }
}

function toggle(button, on, onText, offText, warnWhenOff = true) {
  button.setAttribute("aria-pressed", String(on));
  // Red only for what people must notice (their micro or camera is off), not for a lowered hand.
  button.classList.toggle("off", warnWhenOff && !on);
  $(".state", button).textContent = on ? onText : offText;
}
