// Bootstrap of the live room page: pre-join screen, then the room. Reads everything it needs from
// the data attributes of #room (live/templates/live/room.html) and talks only to the media node
// and to the web app's fresh-ticket endpoint.
import { $ } from "./dom.js";
import { announce, setupAnnouncer } from "./announce.js";
import { Chat } from "./chat.js";
import { DeviceSettings } from "./devices.js";
import { Controls } from "./controls.js";
import { Gallery } from "./gallery.js";
import { FloorBanner, HostPanel } from "./host.js";
import { Media } from "./media.js";
import { Participants } from "./participants.js";
import { Prejoin } from "./prejoin.js";
import { Quality } from "./quality.js";
import { setupShortcuts } from "./shortcuts.js";
import { Signaling } from "./signaling.js";
import { canShareScreen, setupSound } from "./sound.js";
import { REACTIONS, apply, applyWelcome, isHost, nameOf, onChange, state } from "./state.js";
import { Tiles } from "./tiles.js";

const root = $("#room");
const config = {
  ticket: root.dataset.ticket,
  ticketAt: performance.now(), // its 60 s run from the page's load, not from « Rejoindre »
  mediaUrl: root.dataset.mediaUrl,
  role: root.dataset.role,
  name: root.dataset.name,
  workshopId: root.dataset.workshopId,
  ticketUrl: root.dataset.ticketUrl,
  csrfToken: root.dataset.csrfToken,
  expiresIn: Number(root.dataset.expiresIn || 60),
};

setupAnnouncer($("#announcer"));
const views = { prejoin: $("#prejoin"), lobby: $("#lobby"), live: $("#live"), ended: $("#ended") };
const status = $("#connection-status");
const prejoin = new Prejoin(views.prejoin, config.workshopId);
const tiles = new Tiles($("#stage"), $("#grid"), $("#self-view"), $("#audio-sink"), new Gallery($("#videos")));
setupSound($("#audio-sink"));
const quality = new Quality(tiles, $("#link-weak"), $("#save-data"));
tiles.onRender = () => quality.refresh();
tiles.gallery.onLayout = () => quality.report();
// What the controls share with the session: the socket, the peer connections, her own tracks.
const session = { sig: null, media: null, local: { stream: null, camera: null, microphone: null }, screenTrack: null };

function show(name, focus = true) {
  const already = !views[name].hidden;
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  if (!focus || already) return;
  // Focus moves to the new view's heading so that keyboard and screen-reader users land there.
  const heading = views[name].querySelector("h2");
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: false }); }
}

function setStatus(text) {
  status.textContent = text;
  status.hidden = !text;
}

// -- controls --------------------------------------------------------------------------------

const controls = new Controls(session, () => chat.opened(), (view) => tiles.setView(view));
controls.restoreView();
$("#btn-leave").addEventListener("click", leave);
$("#lobby-leave").addEventListener("click", leave);

const send = (type, fields) => session.sig?.send(type, fields);
const chat = new Chat($("#panel-chat"), $("#btn-chat"), null);
const participants = new Participants($("#people-list"), $("#waiting-list"), $("#people-count"), {
  mute: (id) => send("mute_member", { member: id, source: "microphone" }),
  floor: (id) => send("give_floor", { member: id }),
  promote: (id) => send("promote", { member: id }),
  remove: (id) => confirmAction(`Retirer ${nameOf(id)} de l'atelier ? Elle ne pourra pas revenir.`, "Retirer",
    () => send("remove", { member: id })),
});
const hostPanel = new HostPanel($("#host-panel"), send, () => confirmAction(
  "Terminer l'atelier pour toutes les participantes ?", "Terminer pour tous", () => send("end")));
const banner = new FloorBanner($("#floor-banner"), send);

const deviceSettings = new DeviceSettings(session, $("#help-dialog"), (name, deviceId) => {
  prejoin.remember(name, deviceId); // a reconnection or a reload opens the same device
  if (name === "microphone") prejoin.listen(); // her tile's speaking outline follows the new micro
});
function openSettings() {
  $("#no-screen-share").hidden = canShareScreen || !isHost();
  $("#help-dialog").showModal();
  deviceSettings.refresh();
}

const confirmDialog = $("#confirm-dialog");
let confirmed = null;
function confirmAction(question, label, action) {
  $("#confirm-question").textContent = question;
  $("#confirm-yes").textContent = label;
  confirmed = action;
  confirmDialog.showModal();
}
$("#confirm-yes").addEventListener("click", () => { confirmDialog.close(); confirmed?.(); confirmed = null; });
$("#confirm-no").addEventListener("click", () => { confirmDialog.close(); confirmed = null; });

setupShortcuts({
  mic: () => controls.buttons.mic.click(), camera: () => controls.buttons.camera.click(),
  hand: () => controls.buttons.hand.click(), chat: () => controls.togglePanel("chat"),
  people: () => controls.togglePanel("people"), screen: () => controls.toggleScreen(),
  reactions: () => controls.toggleReactions(), help: openSettings,
}, $("#help-dialog"), $("#btn-help"), openSettings);

onChange(() => {
  tiles.render();
  participants.render();
  hostPanel.render();
  banner.render();
  controls.render();
});

// -- the session -------------------------------------------------------------------------------

function startMedia(welcome) {
  const media = session.media = new Media(session.sig, welcome.ice_servers);
  const { local, sig } = session;
  tiles.media = media;
  media.addEventListener("slots", () => tiles.render());
  quality.attach(sig);
  // A connection failed or her network changed under it: new connections, same seat, same tiles.
  media.addEventListener("failed", () => restartMedia());
  media.addEventListener("connected", () => {
    // Both connections up again; while the socket is still being replaced, « Reconnexion… » stays.
    if (restarting && session.sig?.ws?.readyState === WebSocket.OPEN) { restarting = false; setStatus(""); }
  });
  media.addEventListener("publishfailed", () => {
    announce("Votre caméra ou votre micro n'a pas pu être transmis. Rechargez la page si cela continue.");
  });
  // Receive first: the first remote picture is what people wait for.
  media.subscribe();
  media.publish({ camera: local.camera, microphone: local.microphone }).then(() => {
    // Mute states she chose before (or kept across a reconnection) are told to the node.
    if (local.microphone && !local.microphone.enabled) sig.send("mute", { source: "microphone", muted: true });
    if (local.camera && !local.camera.enabled) sig.send("mute", { source: "camera", muted: true });
    if (session.screenTrack) media.publish({ screen: session.screenTrack });
  });
}

// The node's restart (docs/media-protocol.md): on the socket she has, or, once a lost socket is
// replaced, on the new one (signaling's "rejoined", which going offline then online also leads to).
// Her tiles stay meanwhile.
let restarting = false;
function restartMedia() {
  const { media, sig } = session;
  if (!media || state.ended) return;
  restarting = true;
  setStatus("Reconnexion…");
  if (!sig?.ws || sig.ws.readyState !== WebSocket.OPEN) return; // "rejoined" will restart
  media.restart().catch((error) => {
    // Refused (or no answer): connections from scratch on this socket, as when she entered. (Her
    // socket lost meanwhile: the next "rejoined" restarts.)
    if (error?.lost || session.media !== media || state.ended) return;
    stopMedia();
    startMedia(lastWelcome);
  });
}
// Only a change of network kind (Wi-Fi → cellular; Chrome on phones says it): the other fields of
// navigator.connection (rtt, downlink estimates) change now and then on a steady network.
let networkType = navigator.connection?.type;
navigator.connection?.addEventListener("change", () => {
  const type = navigator.connection.type;
  if (type !== undefined && type !== networkType && networkType !== undefined) restartMedia();
  networkType = type;
});

function stopMedia() {
  session.media?.close();
  session.media = null;
  tiles.media = null;
  tiles.clearAudio();
}

function enterRoom(welcome, focus = true) {
  applyWelcome(welcome);
  if (state.inLobby) {
    show("lobby", focus);
    announce("Vous êtes dans la salle d'attente. L'intervenante va ouvrir l'atelier.");
  } else {
    show("live", focus);
    startMedia(welcome);
    announce(isHost() && !state.doorsOpen
      ? "Vous êtes dans la loge. Les participantes attendent que vous ouvriez l'atelier."
      : "Vous êtes dans l'atelier.");
  }
}

function onMessage(event) {
  const message = event.detail;
  switch (message.type) {
    case "chat":
      chat.receive(message);
      return;
    case "quality":
      quality.apply(message);
      return;
    case "reaction":
      tiles.showReaction(message.from, message.emoji);
      announce(`${nameOf(message.from)} : ${REACTIONS[message.emoji] || message.emoji}`);
      return;
    case "removed":
      finish("Vous avez été retirée de l'atelier par l'intervenante.");
      return;
    case "room_ended":
      finish("L'intervenante a terminé l'atelier. Merci de votre participation !");
      return;
    case "error":
      if (!["rate_limited"].includes(message.code)) announce(message.message);
      if (message.code === "rate_limited") setStatus(message.message);
      return;
    case "muted":
      if (message.member === state.me.id && message.source === "microphone" && message.muted && message.by) {
        if (session.local.microphone) session.local.microphone.enabled = false;
        announce("L'intervenante a coupé votre micro. Vous pouvez le réactiver quand vous voulez parler.");
      }
      break;
    case "doors_opened":
      if (state.inLobby) {
        const say = apply(message);
        show("live");
        startMedia(lastWelcome);
        if (say) announce(say);
        return;
      }
      break;
    default:
      break;
  }
  const say = apply(message);
  if (say) announce(say);
}

let lastWelcome = null;

function attach(signaling) {
  signaling.addEventListener("message", onMessage);
  signaling.addEventListener("reconnecting", () => {
    // Her tiles and connections stay until the new socket asks the node to rebuild them.
    restarting = Boolean(session.media);
    setStatus("Reconnexion…");
    announce("Connexion perdue. Reconnexion…");
  });
  signaling.addEventListener("rejoined", (event) => {
    lastWelcome = event.detail;
    announce("Vous êtes de retour dans l'atelier.");
    if (session.media && !event.detail.you.in_lobby) {
      applyWelcome(event.detail);
      restartMedia();
      return;
    }
    setStatus("");
    stopMedia();
    enterRoom(event.detail, false);
  });
  signaling.addEventListener("closed", (event) => {
    const { code, error } = event.detail;
    if (state.ended) return;
    if (code === 4410) finish("L'intervenante a terminé l'atelier. Merci de votre participation !");
    else if (code === 4409) finish("Vous avez rejoint l'atelier depuis une autre fenêtre.");
    else finish(error?.message || "Vous avez quitté l'atelier.");
  });
  signaling.addEventListener("gaveup", () => {
    finish("La connexion est perdue. Vérifiez votre réseau puis rejoignez à nouveau l'atelier.");
  });
}

async function join() {
  const joinButton = $("#join-button");
  const problem = $("#join-problem");
  problem.textContent = "";
  joinButton.disabled = true;
  window.__entraideJoinClickedAt = performance.now(); // read by bench/join_time.py
  session.local = await prejoin.result();
  tiles.localStream = session.local.stream;
  joinButton.textContent = "Connexion…";
  const sig = session.sig = new Signaling(config);
  chat.setSignaling(sig);
  attach(sig);
  try {
    lastWelcome = await sig.firstConnect();
  } catch (error) {
    problem.textContent = error.message;
    joinButton.textContent = "Rejoindre";
    joinButton.disabled = false;
    return;
  }
  setInterval(() => tiles.updateSpeaking(prejoin.level, controls.micOn()), 400);
  enterRoom(lastWelcome);
}

function leave() {
  if (!session.sig) return;
  session.sig.leave();
  finish("Vous avez quitté l'atelier.");
}

function finish(text) {
  if (state.ended) return;
  state.ended = true;
  stopMedia();
  session.screenTrack?.stop();
  session.local.stream?.getTracks().forEach((t) => t.stop());
  setStatus("");
  $("#ended-text").textContent = text;
  show("ended");
  announce(text);
}

$("#prejoin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  join();
});
// Before unload, leave nothing: a reload keeps the seat for 60 s (she comes back to it), and an
// explicit « Quitter » frees it.
prejoin.start();
