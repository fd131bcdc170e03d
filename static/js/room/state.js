// What the page knows about the room, kept in step with the node's messages. Views subscribe with
// onChange and redraw from here; the node stays the authority (seats, hands, floor, round clock).

export const ROLE_LABELS = { host: "intervenante", cohost: "co-animatrice", participant: "participante" };
export const REACTIONS = {
  "👍": "pouce levé", "👏": "applaudissements", "❤️": "cœur", "😂": "rire",
  "😮": "surprise", "🎉": "fête", "🙏": "merci", "✋": "main",
};

export const state = {
  me: null, // {id, name, role}
  inLobby: false,
  doorsOpen: false,
  locked: false,
  members: new Map(), // id -> {id, name, role, hand, muted: Set}
  hands: [],
  floor: null,
  round: null, // {order, index, current, turnSeconds, endsAt (performance.now() ms)}
  waiting: [], // lobby, for hosts
  speaking: new Set(),
  ended: false,
};

const listeners = new Set();

export function onChange(listener) {
  listeners.add(listener);
}

export function changed() {
  for (const listener of listeners) listener(state);
}

export function isHost(role = state.me?.role) {
  return role === "host" || role === "cohost";
}

export function nameOf(id) {
  if (id === state.me?.id) return state.me.name;
  return state.members.get(id)?.name || "Une participante";
}

// Host titles a member might borrow in her display name (compared without accents or case).
const HOST_TITLES = /intervenant|animatrice|animateur/;

// What follows a name on tiles and chat lines. The role comes from the node, which has it from the
// signed ticket; the name is whatever the member typed. So hosts' names carry their role, and a
// participant whose name borrows a host's title is marked « participante »: « Sophie · intervenante »
// typed as a name cannot pass for the intervenante.
export function roleMark(role, name) {
  if (role === "host" || role === "cohost") return ROLE_LABELS[role];
  const plain = (name || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return HOST_TITLES.test(plain) ? ROLE_LABELS.participant : "";
}

// The name with its mark, as one string (screen readers, announcements).
export function withRole(role, name) {
  const mark = roleMark(role, name);
  return mark ? `${name} · ${mark}` : name;
}

// A member's name with its mark, by id (the floor banner, announcements).
export function labelOf(id) {
  const person = id === state.me?.id ? state.me : state.members.get(id);
  return person ? withRole(person.role, person.name) : nameOf(id);
}

function member(data) {
  return { id: data.id, name: data.name, role: data.role, hand: data.hand, muted: new Set(data.muted || []) };
}

function setRound(round) {
  state.round = round && {
    order: round.order, index: round.index, current: round.current, turnSeconds: round.turn_seconds,
    // The node sends the seconds left: count down from now, whatever this device's clock says.
    endsAt: performance.now() + round.remaining * 1000,
  };
}

export function applyWelcome(welcome) {
  state.me = { ...welcome.you };
  state.inLobby = welcome.you.in_lobby;
  const room = welcome.room;
  state.doorsOpen = room.doors_open;
  state.locked = room.locked;
  state.members.clear();
  for (const data of room.participants) {
    if (data.id !== state.me.id && !data.in_lobby) state.members.set(data.id, member(data));
  }
  state.waiting = room.participants.filter((p) => p.in_lobby).map((p) => ({ id: p.id, name: p.name }));
  const mine = room.participants.find((p) => p.id === state.me.id);
  state.me.muted = new Set(mine?.muted || []);
  state.hands = room.hands || [];
  state.floor = room.floor ?? null;
  setRound(room.round ?? null);
  changed();
}

// Applies one node message; returns a French sentence to announce, or null.
export function apply(message) {
  let say = null;
  switch (message.type) {
    case "joined": {
      const data = message.member;
      if (data.id === state.me.id) break;
      const known = state.members.has(data.id);
      state.members.set(data.id, member(data));
      state.waiting = state.waiting.filter((w) => w.id !== data.id);
      if (!known) say = `${data.name} a rejoint l'atelier.`;
      break;
    }
    case "left": {
      const gone = state.members.get(message.member);
      state.members.delete(message.member);
      if (gone) say = message.reason === "disconnected" ? `${gone.name} a perdu la connexion.` : `${gone.name} a quitté l'atelier.`;
      break;
    }
    case "muted": {
      const target = message.member === state.me.id ? state.me : state.members.get(message.member);
      if (!target) break;
      if (message.muted) target.muted.add(message.source); else target.muted.delete(message.source);
      break;
    }
    case "hand_raised":
      state.hands = message.hands;
      say = `${labelOf(message.member)} lève la main.`;
      break;
    case "hand_lowered":
      state.hands = message.hands;
      break;
    case "lobby":
      state.waiting = message.waiting;
      break;
    case "doors_opened":
      state.doorsOpen = true;
      state.inLobby = false;
      say = "L'atelier est ouvert.";
      break;
    case "locked":
      state.locked = message.locked;
      say = message.locked ? "L'atelier est verrouillé." : "L'atelier est déverrouillé.";
      break;
    case "role_changed": {
      const target = message.member === state.me.id ? state.me : state.members.get(message.member);
      if (target) target.role = message.role;
      say = message.member === state.me.id
        ? "Vous êtes maintenant co-animatrice."
        : `${nameOf(message.member)} est maintenant co-animatrice.`;
      break;
    }
    case "floor":
      state.floor = message.member;
      if (message.member) {
        say = message.member === state.me.id ? "Vous avez la parole." : `${message.name ? withRole(message.role, message.name) : labelOf(message.member)} a la parole.`;
      }
      break;
    case "round":
      if (!message.round && state.round) say = "Le tour de table est terminé.";
      else if (message.round && !state.round) say = "Le tour de table commence.";
      setRound(message.round);
      break;
    default:
      return null;
  }
  changed();
  return say;
}
