// The page's DOM. Every piece of text from the network goes in through textContent, never as
// markup, so a message like <img src=x onerror=alert(1)> shows as those characters.

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(text, onClick, title) {
  const node = element('button', text);
  node.type = 'button';
  if (title) node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

export const LOBBY = 'lobby';
export const dmKey = (name) => `dm:${name.toLowerCase()}`;
export const roomKey = (room) => `room:${room.toLowerCase()}`;

// Conversations: the lobby, one per room joined, one per DM partner. Each keeps its lines
// (a stored one with its history id), its unread count, and for scroll-back the smallest id seen.
export class Conversations {
  #all = new Map();
  active = LOBBY;

  constructor() {
    this.#all.set(LOBBY, this.#conversation(LOBBY, 'lobby', 'Lobby', '*'));
  }

  #conversation(key, kind, title, target) {
    return { key, kind, title, target, lines: [], unread: 0, oldestId: null, moreHistory: kind !== 'dm', topic: '', members: [] };
  }

  ensureDirect(peer) {
    const key = dmKey(peer);
    if (!this.#all.has(key)) this.#all.set(key, this.#conversation(key, 'dm', `@ ${peer}`, peer));
    return this.#all.get(key);
  }

  ensureRoom(room) {
    const key = roomKey(room);
    if (!this.#all.has(key)) this.#all.set(key, this.#conversation(key, 'room', room, room));
    return this.#all.get(key);
  }

  removeRoom(room) {
    const key = roomKey(room);
    this.#all.delete(key);
    if (this.active === key) this.active = LOBBY;
  }

  get(key) { return this.#all.get(key); }
  room(room) { return this.#all.get(roomKey(room)); }
  list() { return [...this.#all.values()]; }

  add(key, line) {
    const conversation = this.#all.get(key);
    conversation.lines.push(line);
    if (key !== this.active && !line.kind) conversation.unread++;
    return conversation;
  }

  /**
   * Stored messages: `older` ones go on top (a scroll-back page); otherwise they are the newest
   * and replace what was shown (a JOIN's history, or the lobby's after a login or reconnect).
   */
  stored(key, entries, { older, complete, since = 0 }) {
    const conversation = this.#all.get(key);
    const lines = entries.map((e) => ({ id: e.id, time: e.time, from: e.from, text: e.text }));
    if (older) {
      const known = new Set(conversation.lines.filter((l) => l.id !== undefined).map((l) => l.id));
      conversation.lines = [...lines.filter((l) => !known.has(l.id)), ...conversation.lines];
    } else {
      // The newest page replaces what was shown before it was asked for; what arrived live
      // since (and is not in the page) stays after it.
      const inPage = (l) => lines.some((s) => s.from === l.from && s.text === l.text);
      conversation.lines = [...lines, ...conversation.lines.slice(since).filter((l) => l.kind || !inPage(l))];
    }
    const ids = conversation.lines.filter((l) => l.id !== undefined).map((l) => l.id);
    conversation.oldestId = ids.length > 0 ? Math.min(...ids) : null;
    conversation.moreHistory = !complete && conversation.oldestId !== null;
    return conversation;
  }

  open(key) {
    this.active = key;
    this.#all.get(key).unread = 0;
  }

  // The next or previous conversation, for the keyboard.
  step(by) {
    const keys = [...this.#all.keys()];
    const at = keys.indexOf(this.active);
    return keys[(at + by + keys.length) % keys.length];
  }
}

export class View {
  constructor(conversations) {
    this.conversations = conversations;
  }

  status(text) { $('status').textContent = text; }

  showLogin(error) {
    $('chat').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = error ?? '';
    $('login-name').focus();
  }

  showChat() {
    const wasHidden = $('chat').hidden;
    $('login').hidden = true;
    $('chat').hidden = false;
    $('login-error').textContent = '';
    $('login-password').value = '';
    this.renderAll();
    if (wasHidden) $('composer-text').focus();
  }

  chatError(text) { $('chat-error').textContent = text ?? ''; }

  renderAll() {
    this.renderConversations();
    this.renderMessages();
  }

  renderConversations() {
    $('conversations').replaceChildren(...this.conversations.list().map((c) => {
      const open = button(c.title, () => this.onOpen?.(c.key));
      open.dataset.key = c.key;
      open.setAttribute('aria-current', String(c.key === this.conversations.active));
      if (c.unread > 0) {
        const badge = element('span', String(c.unread), 'unread');
        badge.setAttribute('aria-label', `${c.unread} unread`);
        open.append(badge);
      }
      const item = element('li');
      item.append(open);
      return item;
    }));
  }

  renderMessages() {
    const active = this.conversations.get(this.conversations.active);
    $('conversation-title').textContent = active.title;
    const room = active.kind === 'room';
    $('part').hidden = !room;
    $('topic-form').hidden = !room;
    $('topic').hidden = !room;
    $('topic').textContent = room ? (active.topic ? `Topic: ${active.topic}` : 'No topic set') : '';
    $('members').hidden = !room;
    $('members').textContent = room ? `Members: ${active.members.join(', ')}` : '';
    $('older').hidden = !active.moreHistory;
    $('composer-text').placeholder = active.kind === 'dm' ? `Message ${active.target}`
      : room ? `Message ${active.target}` : 'Message everyone';
    $('messages').replaceChildren(...active.lines.map(lineElement));
    this.#scrollDown();
  }

  // Keeps the reader's place when older lines go on top.
  renderOlder(conversation) {
    if (conversation.key !== this.conversations.active) return;
    const messages = $('messages');
    const fromBottom = messages.scrollHeight - messages.scrollTop;
    messages.replaceChildren(...conversation.lines.map(lineElement));
    messages.scrollTop = messages.scrollHeight - fromBottom;
    $('older').hidden = !conversation.moreHistory;
  }

  appended(conversation, line) {
    if (conversation.key === this.conversations.active) {
      $('messages').append(lineElement(line));
      this.#scrollDown();
    }
    this.renderConversations();
  }

  users(names, self) {
    $('users').replaceChildren(...names.map((name) => {
      const item = element('li');
      if (name.toLowerCase() === self?.toLowerCase()) {
        item.append(element('span', `${name} (you)`));
      } else {
        item.append(button(name, () => this.onDirect?.(name), `Direct message to ${name}`));
      }
      return item;
    }));
  }

  roomList(rooms) {
    $('rooms').replaceChildren(...rooms.map((r) => {
      const item = element('li');
      const join = button(`${r.room} (${r.members})`, () => this.onJoin?.(r.room), r.topic ? `Join ${r.room}: ${r.topic}` : `Join ${r.room}`);
      join.dataset.room = r.room;
      item.append(join);
      if (r.topic) item.append(element('span', r.topic, 'room-topic'));
      return item;
    }));
  }

  #scrollDown() {
    const messages = $('messages');
    messages.scrollTop = messages.scrollHeight;
  }
}

function lineElement(line) {
  const item = element('li', undefined, line.kind === 'info' ? 'info' : undefined);
  if (line.id !== undefined) item.dataset.id = String(line.id);
  if (line.time) {
    const time = element('time', line.time.slice(11, 16), 'time');
    time.dateTime = line.time;
    item.append(time);
  }
  if (line.from) item.append(element('span', line.from, 'from'));
  item.append(element('span', line.text, 'text'));
  return item;
}
