// Wires the protocol client to the page: login (guest or account), the lobby, rooms, DMs as
// conversations, who is online, scroll-back through history, unread counts.
import { ChatClient, HISTORY_PAGE } from './chat-client.js';
import { Conversations, LOBBY, View, dmKey, roomKey } from './view.js';

const REFRESH_EVERY_MS = 20_000; // WHO and ROOMS; also keeps the session from the idle timeout while the page is open
const LOBBY_ON_LOGIN = 20;

const $ = (id) => document.getElementById(id);
const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const client = new ChatClient(`${scheme}//${location.host}/ws`);
const conversations = new Conversations();
const view = new View(conversations);
let online = [];
const opening = new Set(); // rooms this page asked to join, to open once joined (not those rejoined after a reconnect)
const marks = new Map(); // conversation key -> lines it had when its newest history was asked for

// The conversation a history scope fills: `*` the lobby, `@name` the DMs with name, else a room.
const scopeKey = (scope) => (scope === '*' ? LOBBY : scope.startsWith('@') ? dmKey(scope.slice(1)) : roomKey(scope));
const historyScope = (conversation) => (conversation.kind === 'dm' ? `@${conversation.target}` : conversation.target);

// A DM conversation; with an account, a new one loads the newest DMs kept with that person.
function directConversation(name) {
  const known = conversations.get(dmKey(name));
  const conversation = conversations.ensureDirect(name);
  if (!known && client.account) askDirectHistory(conversation);
  return conversation;
}

function askDirectHistory(conversation) {
  conversation.moreHistory = true;
  askNewest(conversation.key, () => client.history(historyScope(conversation), HISTORY_PAGE));
}

function openConversation(key) {
  conversations.open(key);
  view.renderAll();
  $('composer-text').focus();
}

function askNewest(key, ask) {
  marks.set(key, conversations.get(key)?.lines.length ?? 0);
  return ask();
}

function joinRoom(name) {
  const room = name.startsWith('#') ? name : `#${name}`;
  const known = conversations.room(room);
  if (known) { openConversation(known.key); return; }
  opening.add(room.toLowerCase());
  if (!client.join(room)) view.chatError('Not connected: try again in a moment.');
}

function info(key, text) {
  const line = { kind: 'info', text };
  const conversation = conversations.get(key);
  if (conversation) view.appended(conversations.add(key, line), line);
}

view.onOpen = openConversation;
view.onDirect = (name) => openConversation(directConversation(name).key);
view.onJoin = joinRoom;

client.addEventListener('status', ({ detail }) => {
  if (detail.state === 'open') view.status('connected');
  if (detail.state === 'connecting') view.status('connecting…');
  if (detail.state === 'closed') view.status(`disconnected: reconnecting in ${Math.ceil(detail.retryInMs / 1000)} s`);
});

function afterLogin() {
  view.status(`connected as ${client.name}`);
  view.showChat();
  askNewest(LOBBY, () => client.history('*', LOBBY_ON_LOGIN));
  refresh();
}
client.addEventListener('loggedIn', afterLogin);
client.addEventListener('reconnected', () => {
  // The client joins its rooms again by itself; their newest history comes with the JOIN (if
  // the server replays it) and replaces what was shown (messages sent while this page was away
  // included). With an account, so does each DM conversation's.
  afterLogin();
  if (client.account) {
    for (const conversation of conversations.list()) {
      if (conversation.kind === 'dm') askDirectHistory(conversation);
    }
  }
  for (const conversation of conversations.list()) info(conversation.key, 'reconnected');
});
client.addEventListener('loginFailed', ({ detail }) => view.showLogin(loginError(detail.code, detail.account)));

client.addEventListener('lobby', ({ detail }) => {
  view.appended(conversations.add(LOBBY, detail), detail);
  noteOnline(detail.from);
});
client.addEventListener('direct', ({ detail }) => {
  const conversation = directConversation(detail.from);
  view.appended(conversations.add(conversation.key, detail), detail);
  noteOnline(detail.from);
});
client.addEventListener('room', ({ detail }) => {
  const conversation = conversations.ensureRoom(detail.room);
  view.appended(conversations.add(conversation.key, detail), detail);
});

client.addEventListener('joined', ({ detail }) => {
  const conversation = conversations.ensureRoom(detail.room);
  conversation.title = detail.room;
  conversation.target = detail.room;
  conversation.members = detail.members;
  // The newest history may follow (a 'history' event with replay set); what is shown until then stays after it.
  marks.set(conversation.key, conversation.lines.length);
  if (opening.delete(detail.room.toLowerCase())) {
    openConversation(conversation.key);
  } else {
    view.renderAll();
  }
  view.chatError('');
});
client.addEventListener('memberJoined', ({ detail }) => {
  const conversation = conversations.room(detail.room);
  if (!conversation) return;
  conversation.members = [...conversation.members, detail.name];
  info(conversation.key, `${detail.name} joined ${detail.room}`);
  if (conversation.key === conversations.active) view.renderMessages();
});
client.addEventListener('memberParted', ({ detail }) => {
  const conversation = conversations.room(detail.room);
  if (!conversation) return;
  conversation.members = conversation.members.filter((n) => n.toLowerCase() !== detail.name.toLowerCase());
  info(conversation.key, `${detail.name} left ${detail.room}`);
  if (conversation.key === conversations.active) view.renderMessages();
});
client.addEventListener('topic', ({ detail }) => {
  const conversation = conversations.room(detail.room);
  if (!conversation) return;
  const changed = conversation.topic !== detail.text;
  conversation.topic = detail.text;
  if (changed) info(conversation.key, `${detail.setter} set the topic: ${detail.text}`);
  if (conversation.key === conversations.active) view.renderMessages();
});
client.addEventListener('left', ({ detail }) => {
  conversations.removeRoom(detail.room);
  if (detail.reason === 'closed') info(LOBBY, `${detail.room} was closed by an operator`);
  view.renderAll();
  client.listRooms();
});
client.addEventListener('history', ({ detail }) => {
  const key = scopeKey(detail.scope);
  if (!conversations.get(key)) return;
  // A JOIN's replay has the server's --history-on-join entries at most: older ones may exist unless it is empty.
  const conversation = stored(key, detail.entries, detail.before !== null, detail.replay ? 1 : detail.count);
  if (detail.before !== null) {
    view.renderOlder(conversation);
  } else if (key === conversations.active) {
    view.renderMessages();
  }
});

function stored(key, entries, older, asked) {
  const since = marks.get(key) ?? 0;
  marks.delete(key);
  return conversations.stored(key, entries, { older, complete: entries.length < asked, since });
}

client.addEventListener('roomList', ({ detail }) => view.roomList(detail.rooms));
client.addEventListener('who', ({ detail }) => { online = detail.names; view.users(online, client.name); });
client.addEventListener('info', ({ detail }) => {
  info(LOBBY, detail.text);
  const left = /^(\S+) disconnected$/.exec(detail.text);
  if (left) {
    const gone = left[1].toLowerCase();
    online = online.filter((n) => n.toLowerCase() !== gone);
    view.users(online, client.name);
    for (const conversation of conversations.list()) {
      if (conversation.kind === 'room') conversation.members = conversation.members.filter((n) => n.toLowerCase() !== gone);
    }
  }
});
client.addEventListener('error', ({ detail }) => {
  const request = detail.request;
  if (request?.word === 'JOIN') opening.delete(request.room.toLowerCase());
  if (request?.word === 'HISTORY') {
    const conversation = conversations.get(scopeKey(request.scope));
    if (conversation) conversation.loadingOlder = false; // the button may ask again
  }
  view.chatError(requestError(detail.code, request));
  if (request?.word === 'DM' && detail.code === 'user-not-found') {
    info(directConversation(request.peer).key, `${request.peer} is not online: not delivered`);
  }
});

function loginError(code, account) {
  switch (code) {
    case 'username-taken': return 'That name is taken: choose another.';
    case 'invalid-username': return 'Names are 1 to 32 letters, digits, -, _ and ., without spaces.';
    case 'name-registered': return 'That name belongs to an account: give its password.';
    case 'bad-credentials': return 'Wrong name or password.';
    case 'too-many-attempts': return 'Too many failed attempts: wait a few minutes.';
    case 'tls-required': return 'Passwords are only accepted over HTTPS here.';
    case 'account-locked': return 'This account is locked: ask the operator.';
    case 'server-busy': return 'The server is busy: try again in a moment.';
    case 'accounts-unavailable': return 'Accounts are not available on this server now: join as a guest.';
    case 'unknown-cmd': return account ? 'This server has no accounts (ERR unknown-cmd): leave the password empty to join as a guest.' : `The server said: ${code}`;
    default: return `The server said: ${code}`;
  }
}

function requestError(code, request) {
  switch (code) {
    case 'invalid-room': return 'Room names are # and 1 to 32 letters, digits, -, _ and .';
    case 'too-many-rooms': return 'You are in as many rooms as the server allows.';
    case 'room-full': return `${request?.room ?? 'That room'} is full.`;
    case 'not-in-room': return `You are not in ${request?.room ?? request?.scope ?? 'that room'}.`;
    case 'user-not-found': return `${request?.peer ?? 'That user'} is not online.`;
    default: return `The server said: ${code}`;
  }
}

function noteOnline(name) {
  if (!online.some((n) => n.toLowerCase() === name.toLowerCase())) {
    online = [...online, name].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    view.users(online, client.name);
  }
}

function refresh() {
  if (!client.loggedIn) return;
  client.who();
  client.listRooms();
}
setInterval(refresh, REFRESH_EVERY_MS);

// Older than the oldest shown; or, when nothing stored is shown yet (a room joined on a server
// that replays no history on JOIN), the newest page.
function loadOlder() {
  const active = conversations.get(conversations.active);
  if (!active.moreHistory || active.loadingOlder) return;
  const scope = historyScope(active);
  const asked = active.oldestId === null
    ? askNewest(active.key, () => client.history(scope, HISTORY_PAGE))
    : client.history(scope, HISTORY_PAGE, active.oldestId);
  if (asked) active.loadingOlder = true;
}
client.addEventListener('history', ({ detail }) => {
  const conversation = conversations.get(scopeKey(detail.scope));
  if (conversation) conversation.loadingOlder = false;
});

$('login-password').addEventListener('input', () => {
  $('login-submit').textContent = $('login-password').value ? 'Log in' : 'Join as guest';
});
$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('login-name').value.trim();
  const password = $('login-password').value;
  if (!name) return;
  if (password) client.auth(name, password); else client.login(name);
});

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('join-room').value.trim();
  if (!name) return;
  joinRoom(name);
  $('join-room').value = '';
});
$('rooms-refresh').addEventListener('click', () => client.listRooms());
$('part').addEventListener('click', () => {
  const active = conversations.get(conversations.active);
  if (active.kind === 'room') client.part(active.target);
  $('composer-text').focus();
});
$('topic-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const active = conversations.get(conversations.active);
  const text = $('topic-text').value.trim();
  if (active.kind !== 'room' || !text) return;
  client.setTopic(active.target, text);
  $('topic-text').value = '';
});
$('older').addEventListener('click', loadOlder);
$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop === 0) loadOlder(); });

// Keyboard: Alt+Up and Alt+Down switch conversations; Escape goes back to the composer.
document.addEventListener('keydown', (event) => {
  if ($('chat').hidden) return;
  if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
    event.preventDefault();
    openConversation(conversations.step(event.key === 'ArrowUp' ? -1 : 1));
  } else if (event.key === 'Escape') {
    $('composer-text').focus();
  }
});

// The composer also takes /join #room, /part and /topic <text>.
function command(text) {
  const [word, ...rest] = text.slice(1).split(' ');
  const argument = rest.join(' ').trim();
  const active = conversations.get(conversations.active);
  switch (word.toLowerCase()) {
    case 'join': if (argument) joinRoom(argument); return true;
    case 'part': if (active.kind === 'room') client.part(active.target); return true;
    case 'topic': if (active.kind === 'room' && argument) client.setTopic(active.target, argument); return true;
    default: return false;
  }
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('composer-text');
  const text = input.value;
  if (!text.trim()) return;
  if (text.startsWith('/') && command(text)) { input.value = ''; view.chatError(''); return; }
  const active = conversations.get(conversations.active);
  const sent = active.kind === 'dm' ? client.sendDirect(active.target, text)
    : active.kind === 'room' ? client.say(active.target, text) : client.sendLobby(text);
  if (!sent) { view.chatError('Not connected: the message was not sent.'); return; }
  const line = { from: client.name, text };
  view.appended(conversations.add(active.key, line), line);
  view.chatError('');
  input.value = '';
});

view.showLogin();
client.connect();
