// Wires the protocol client to the page: login, the lobby, DMs as conversations, who is online.
import { ChatClient } from './chat-client.js';
import { Conversations, LOBBY, View } from './view.js';

const WHO_EVERY_MS = 20_000; // also keeps the session from the idle timeout while the page is open

const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const client = new ChatClient(`${scheme}//${location.host}/ws`);
const conversations = new Conversations();
const view = new View(conversations);
let online = [];
let listing = null;

function openConversation(key) {
  conversations.open(key);
  view.renderAll();
  document.getElementById('composer-text').focus();
}

view.onOpen = openConversation;
view.onDirect = (name) => openConversation(conversations.ensureDirect(name).key);

client.addEventListener('status', ({ detail }) => {
  if (detail.state === 'open') view.status('connected');
  if (detail.state === 'connecting') view.status('connecting…');
  if (detail.state === 'closed') view.status(`disconnected: reconnecting in ${Math.ceil(detail.retryInMs / 1000)} s`);
});
client.addEventListener('loggedIn', () => { view.status(`connected as ${client.name}`); view.showChat(); refreshWho(); });
client.addEventListener('reconnected', () => {
  view.status(`connected as ${client.name}`);
  conversations.add(LOBBY, { kind: 'info', text: 'reconnected' });
  view.renderAll();
  refreshWho();
});
client.addEventListener('lobby', ({ detail }) => {
  view.appended(conversations.add(LOBBY, detail), detail);
  noteOnline(detail.from);
});
client.addEventListener('direct', ({ detail }) => {
  const conversation = conversations.ensureDirect(detail.from);
  view.appended(conversations.add(conversation.key, detail), detail);
  noteOnline(detail.from);
});
client.addEventListener('info', ({ detail }) => {
  const line = { kind: 'info', text: detail.text };
  view.appended(conversations.add(LOBBY, line), line);
  const left = /^(\S+) disconnected$/.exec(detail.text);
  if (left) {
    online = online.filter((n) => n.toLowerCase() !== left[1].toLowerCase());
    view.users(online, client.name);
  }
});
client.addEventListener('user', ({ detail }) => listing?.push(detail.name));
client.addEventListener('pong', () => {
  if (listing) { online = listing; listing = null; view.users(online, client.name); }
});
client.addEventListener('error', ({ detail }) => {
  if (!detail.loggedIn) {
    view.showLogin(loginError(detail.code));
  } else {
    view.chatError(`The server said: ${detail.code}`);
  }
});

function loginError(code) {
  switch (code) {
    case 'username-taken': return 'That name is taken: choose another.';
    case 'invalid-username': return 'Names are letters, digits, - and _, without spaces.';
    default: return `The server said: ${code}`;
  }
}

function noteOnline(name) {
  if (!online.some((n) => n.toLowerCase() === name.toLowerCase())) {
    online = [...online, name].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    view.users(online, client.name);
  }
}

function refreshWho() {
  if (client.loggedIn && listing === null) {
    listing = [];
    if (!client.who()) listing = null;
  }
}
setInterval(refreshWho, WHO_EVERY_MS);

document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = document.getElementById('login-name').value.trim();
  if (name) client.login(name);
});

document.getElementById('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('composer-text');
  const text = input.value;
  if (!text.trim()) return;
  const active = conversations.get(conversations.active);
  const sent = active.peer ? client.sendDirect(active.peer, text) : client.sendLobby(text);
  if (!sent) { view.chatError('Not connected: the message was not sent.'); return; }
  const line = { from: client.name, text };
  view.appended(conversations.add(active.key, line), line);
  view.chatError('');
  input.value = '';
});

view.showLogin();
client.connect();
