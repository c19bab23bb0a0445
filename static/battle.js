// The battle page, enhanced: answers stream in over a websocket, votes, follow-ups and
// the controls (stop a side, regenerate a side) go through the JSON API without a
// reload, and keys 1-4 vote, n starts the next battle (or, after a failure, the same
// prompt with a new pair). Without this module the page still works through its forms
// and a refresh.
import { Backoff, hideRestarting, showRestarting } from './reconnect.js';

const panes = document.getElementById('panes');
const id = panes?.dataset.battle;
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const statusEl = document.getElementById('battle-status');
const voteArea = document.getElementById('vote-area');
const followArea = document.getElementById('followup-area');
const nextArea = document.getElementById('next-area');
const revealArea = document.getElementById('reveal-area');
const againForm = document.getElementById('again-form');
const mode = panes?.dataset.mode ?? 'battle';
// A direct chat (issue 19) has one pane and no vote; its status words are its own.
const direct = panes?.dataset.mode === 'direct';
const directText = {
  streaming: 'The model is answering…',
  ready: 'The answer is complete. Ask a follow-up, or start something new.',
  failed: 'The model failed to answer.',
  interrupted: 'The server restarted while the model was answering, so this chat was interrupted.',
};

const statusText = {
  streaming: 'Both models are answering…',
  ready: 'Both answers are complete. Which is better?',
  failed: 'A model failed to answer, so this battle cannot be voted on and does not count.',
  interrupted: 'The server restarted while the models were answering, so this battle was interrupted: it cannot be voted on, and it counts against neither model.',
  voted: 'Thanks for voting. Here is who was who.',
};

let status = panes?.dataset.status;

function setStatus(s) {
  if (s === status) return;
  status = s;
  panes.dataset.status = s;
  statusEl.textContent = (direct ? directText : statusText)[s] ?? '';
  voteArea.hidden = s !== 'ready' || direct;
  followArea.hidden = s !== 'ready' || panes.querySelectorAll('#pane-a .turn').length >= 10;
  nextArea.hidden = !ended(s) && s !== 'voted';
  // Once the battle ended without a vote, the same prompt again is the way on, and n
  // starts it; the link to a new prompt steps back. The words are views/battle.go's.
  const next = document.getElementById('next-battle');
  next.classList.toggle('secondary', ended(s));
  document.getElementById('next-label').textContent = ended(s) ? 'New prompt' : (mode === 'battle' ? 'Next battle' : 'Start again');
  document.getElementById('next-key').hidden = ended(s);
  if (againForm) {
    const retry = mode === 'battle' ? ['Try a new pair', 'Same prompt, new pair'] : ['Try again', 'Same prompt again'];
    document.getElementById('again-label').textContent = ended(s) ? retry[0] : retry[1];
    document.getElementById('again-key').hidden = !ended(s);
    document.getElementById('again').classList.toggle('secondary', !ended(s));
  }
  showRegenerate();
}

// showRegenerate shows each side's Regenerate while the battle waits for the vote and
// the side has regenerations left.
function showRegenerate() {
  for (const form of document.querySelectorAll('.regenerate-form')) {
    const left = Number(form.querySelector('[data-left]').dataset.left);
    form.hidden = status !== 'ready' || left <= 0;
  }
}

// ended: a battle over without a vote to give, or an answer showing its error, as a
// model failed or the server restarted.
function ended(s) {
  return s === 'failed' || s === 'interrupted';
}

// turnBlock returns the answer element of a side's turn, creating the turn if it is new.
function turnBlock(side, turn, prompt) {
  let el = document.getElementById(`answer-${side}-${turn}`);
  if (el) return el;
  const pane = document.getElementById(`pane-${side}`);
  const t = document.createElement('div');
  t.className = 'turn';
  t.dataset.turn = turn;
  const p = document.createElement('div');
  p.className = 'turn-prompt';
  p.textContent = prompt;
  el = document.createElement('div');
  el.className = 'answer';
  el.id = `answer-${side}-${turn}`;
  el.setAttribute('aria-live', 'polite');
  const err = document.createElement('p');
  err.className = 'error';
  err.id = `error-${side}-${turn}`;
  err.hidden = true;
  const stopped = document.createElement('p');
  stopped.className = 'stopped-note';
  stopped.id = `stopped-${side}-${turn}`;
  stopped.textContent = againForm ? 'Stopped by you' : 'Stopped by its voter'; // the controls are the voter's
  stopped.hidden = true;
  t.append(p, el, err, stopped);
  // New turns go before the pane's controls, which stay last.
  const controls = document.getElementById(`controls-${side}`);
  if (controls) controls.before(t);
  else pane.append(t);
  return el;
}

// rendered keeps, for each answer or reasoning body, the HTML of its rendered blocks
// and the nodes each block made, so a patch replaces only the blocks that changed.
const rendered = new WeakMap();

// applyPatch applies a block patch [from, head, tail, ...html] (see the README): the
// blocks from index from on become the html strings, the first spliced into the old
// block between its first head and last tail characters.
function applyPatch(el, p) {
  if (!p) return;
  const [from, head, tail, ...blocks] = p;
  let r = rendered.get(el);
  if (!r || from === 0) {
    const old = r?.html[0] ?? '';
    // From block 0 the page's own HTML (rendered with the page) goes too.
    el.replaceChildren();
    r = { html: [old], nodes: [] };
    rendered.set(el, r);
  }
  if (blocks.length) {
    const old = r.html[from] ?? '';
    blocks[0] = old.slice(0, head) + blocks[0] + old.slice(old.length - tail);
  }
  for (const nodes of r.nodes.splice(from)) for (const n of nodes) n.remove();
  r.html.splice(from, r.html.length, ...blocks);
  for (const html of blocks) {
    // Rendered and sanitised by the server; the HTML is safe to insert.
    const t = document.createElement('template');
    t.innerHTML = html;
    const nodes = [...t.content.childNodes];
    r.nodes.push(nodes);
    el.append(...nodes);
  }
}

// applyReasoning shows a reasoning model's thinking before the answer, collapsed and
// marked as not part of it. An existing block is updated in place, so it stays open if
// the voter opened it.
function applyReasoning(side, turn, el, patch) {
  if (!patch) return;
  let d = document.getElementById(`reasoning-${side}-${turn}`);
  if (!d) {
    if (patch.length <= 3) return;
    d = document.createElement('details');
    d.className = 'reasoning';
    d.id = `reasoning-${side}-${turn}`;
    const s = document.createElement('summary');
    s.textContent = 'Reasoning (not part of the answer)';
    const body = document.createElement('div');
    body.className = 'reasoning-body';
    d.append(s, body);
    el.before(d);
  }
  applyPatch(d.querySelector('.reasoning-body'), patch);
}

// applyAnswer applies one side of a frame; a state frame also carries its status.
function applyAnswer(side, turn, prompt, a, state) {
  if (!a) return;
  const el = turnBlock(side, turn, prompt);
  applyReasoning(side, turn, el, a.reasoning);
  applyPatch(el, a.answer);
  if (!state) return;
  applyImages(side, turn, el, a.images ?? []);
  if (a.status === 'streaming') el.setAttribute('aria-busy', 'true');
  else el.removeAttribute('aria-busy');
  const err = document.getElementById(`error-${side}-${turn}`);
  err.hidden = !ended(a.status);
  err.textContent = a.error ?? '';
  const stopped = document.getElementById(`stopped-${side}-${turn}`);
  if (stopped) stopped.hidden = a.status !== 'stopped';
  // A state frame is always of the battle's last turn: its side streams, or it does not.
  const stop = document.getElementById(`stop-form-${side}`);
  if (stop) stop.hidden = a.status !== 'streaming';
  const pane = document.getElementById(`pane-${side}`);
  pane.classList.toggle('failed', a.status === 'failed');
  pane.classList.toggle('interrupted', a.status === 'interrupted');
  showPaneState(side, a.status);
}

// applyImages shows the images an image model answered with (paths under /images/,
// which the server named), right after the answer's text, as the page renders them.
function applyImages(side, turn, el, paths) {
  let box = document.getElementById(`images-${side}-${turn}`);
  if (!box && paths.length === 0) return;
  if (!box) {
    box = document.createElement('div');
    box.className = 'answer-images';
    box.id = `images-${side}-${turn}`;
    el.after(box);
  }
  const shown = [...box.querySelectorAll('img')].map((img) => img.getAttribute('src'));
  if (shown.join() !== paths.join()) {
    box.replaceChildren(...paths.map((src, k) => {
      const a = document.createElement('a');
      a.href = src;
      const img = document.createElement('img');
      img.src = src;
      img.alt = `Image ${k + 1} drawn by Model ${side.toUpperCase()}`;
      a.append(img);
      return a;
    }));
  }
  box.hidden = paths.length === 0;
}

// The words of an answer's status on its pane and tab, as the server renders them.
const paneStateText = { streaming: 'Streaming…', done: 'Done', failed: 'Failed', interrupted: 'Interrupted', stopped: 'Stopped' };

// showPaneState puts side's latest status on its pane (a live region, so it is said
// as it changes) and on its tab.
function showPaneState(side, s) {
  const text = paneStateText[s] ?? s ?? '';
  const label = document.getElementById(`state-${side}`);
  if (label && label.dataset.state !== s) {
    label.dataset.state = s;
    label.querySelector('.pane-state-text').textContent = text;
    label.hidden = !s;
  }
  const tab = document.getElementById(`tab-state-${side}`);
  if (tab) {
    tab.dataset.state = s;
    tab.textContent = text;
  }
}

let socket;
// restarting: the server closed the socket with 1012 (Service Restart), and the page
// reconnects until one is back, whatever the battle's state, to show its state then.
let restarting = false;
const backoff = new Backoff();
// The turn and prompt of the last state frame, which the patches after it are about.
let turn;
let prompt;
function connect() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${proto}//${location.host}/ws/battles/${id}`);
  socket.onopen = () => {
    backoff.reset();
    restarting = false;
    hideRestarting();
  };
  socket.onmessage = (ev) => {
    const f = JSON.parse(ev.data);
    if (f.type === 'state') [turn, prompt] = [f.turn, f.prompt];
    else if (f.type !== 'patch') return;
    applyAnswer('a', turn, prompt, f.a, f.type === 'state');
    if (!direct) applyAnswer('b', turn, prompt, f.b, f.type === 'state');
    if (f.type === 'state' && status !== 'voted') {
      if (f.status === 'voted') votedElsewhere(f.reveal);
      else setStatus(f.status);
    }
  };
  socket.onclose = (ev) => {
    if (ev.code === 1012) restarting = true;
    if (status === 'voted') {
      restarting = false;
      hideRestarting();
      return;
    }
    if (restarting) showRestarting();
    // Reconnect while something may still change (a vote in another tab, too); the
    // server resends the whole state.
    if (restarting || status === 'streaming' || status === 'ready') setTimeout(connect, backoff.next());
  };
}

async function api(path, body, headers = {}, method = 'POST') {
  const res = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, ...headers },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? `The server answered ${res.status}.`);
  return data;
}

function showError(msg) {
  let el = document.getElementById('js-error');
  if (!el) {
    el = document.createElement('p');
    el.id = 'js-error';
    el.className = 'flash error';
    el.setAttribute('role', 'alert');
    statusEl.after(el);
  }
  el.textContent = msg;
}

// reveal shows who was who after a vote: this page's own (here), with its scratch card
// and the focus on the next battle, or one from another tab, shown as the page would
// be after a reload.
function reveal(r, here = true) {
  document.getElementById('name-a').textContent = r.display_a;
  document.getElementById('name-b').textContent = r.display_b;
  const words = {
    model_a: `You preferred Model A (${r.display_a}).`,
    model_b: `You preferred Model B (${r.display_b}).`,
    tie: 'You called it a tie.',
    both_bad: 'You judged both answers bad.',
  };
  const card = document.createElement('div');
  card.className = 'card reveal';
  const names = document.createElement('p');
  names.append('Model A was ', Object.assign(document.createElement('strong'), { textContent: r.display_a }),
    '; Model B was ', Object.assign(document.createElement('strong'), { textContent: r.display_b }), '.');
  const verdict = document.createElement('p');
  verdict.textContent = words[r.winner] ?? '';
  card.append(names, verdict, here ? scratchCard(r.points) : shownPoints(r.points));
  if (r.held) {
    const note = Object.assign(document.createElement('p'), { id: 'held-note', className: 'held-note', textContent: revealArea.dataset.heldNote });
    card.append(note);
  }
  if (r.sponsored) card.append(sponsoredNote(r.sponsored.bounty));
  if (r.receipt) card.append(receiptNote(r.receipt));
  revealArea.replaceChildren(card);
  setStatus('voted');
  showConsent(r.publish);
  if (here) document.getElementById('next-battle').focus();
}

// receiptNote is the vote's receipt as the page shows it (views/battle.templ receipt).
function receiptNote(rc) {
  const p = Object.assign(document.createElement('p'), { id: 'receipt', className: 'receipt' });
  const code = (text, id) => Object.assign(document.createElement('code'), id ? { id, textContent: text } : { textContent: text });
  const link = Object.assign(document.createElement('a'), { href: `/api/receipts/${rc.index}/proof`, textContent: 'Its proof' });
  p.append('Receipt: vote log leaf ', Object.assign(document.createElement('strong'), { id: 'receipt-index', textContent: String(rc.index) }),
    ', hash ', code(rc.leaf_hash, 'receipt-hash'), '. ', link, '; check it with ',
    code(`arena receipt verify --index ${rc.index} --leaf-hash ${rc.leaf_hash}`), '.');
  return p;
}

// votedElsewhere is the socket's news that the battle was voted. A vote of this page's
// own is revealed by its answer (kept for later in case that answer is lost); one from
// another tab of the voter's is revealed from the frame. Only the voter's sockets get
// the names: anyone else who may read the battle (an administrator) reloads for the page
// the server shows them.
function votedElsewhere(r) {
  if (voting) {
    elsewhere = r;
    return;
  }
  if (r) reveal(r, false);
  else location.reload();
}

// sponsoredNote says the battle was a lab's sponsored evaluation, in the words the
// server renders (views.SponsoredNote).
function sponsoredNote(bounty) {
  const text = bounty > 0
    ? `Sponsored evaluation: a lab paid for this comparison, and your vote earned its bounty of +${bounty} points.`
    : 'Sponsored evaluation: a lab paid for this comparison; this vote earned no bounty (it did not count, or the campaign had reached its target).';
  return Object.assign(document.createElement('p'), { id: 'sponsored-note', className: 'sponsored-note', textContent: text });
}

// shownPoints is the points of a vote as the server renders them, already scratched.
function shownPoints(points) {
  return Object.assign(document.createElement('p'), { className: 'scratch', id: 'scratch', textContent: `+${points} points` });
}

// showConsent shows the battle's publication decision after the vote, with the switch
// that changes it; the same words as the server-rendered page.
function showConsent(publish) {
  const area = document.getElementById('consent-area');
  if (!area) return;
  document.getElementById('consent-state').textContent = publish
    ? 'This battle is published in the open datasets.' : 'This battle is not published.';
  document.getElementById('consent-toggle').textContent = publish ? 'Do not publish it' : 'Publish it';
  document.getElementById('consent-value').value = publish ? '0' : '1';
  area.hidden = false;
}

// scratchCard hides the points drawn for this vote under a foil: scratch it (drag across
// it) or press it to reveal them.
function scratchCard(points) {
  const card = document.createElement('p');
  card.className = 'scratch scratch-card';
  card.id = 'scratch';
  const amount = document.createElement('span');
  amount.className = 'scratch-amount';
  amount.textContent = `+${points} points`;
  amount.setAttribute('aria-hidden', 'true');
  const foil = document.createElement('button');
  foil.type = 'button';
  foil.className = 'scratch-foil';
  foil.textContent = 'Scratch to see your points';
  let scratched = 0;
  const show = () => {
    card.classList.add('revealed');
    amount.removeAttribute('aria-hidden');
    foil.remove();
  };
  foil.addEventListener('click', show);
  foil.addEventListener('pointermove', (ev) => {
    if (ev.buttons === 0 && ev.pointerType === 'mouse') return;
    scratched += Math.abs(ev.movementX) + Math.abs(ev.movementY);
    foil.style.setProperty('--scratched', String(Math.min(scratched / 400, 1)));
    if (scratched > 400) show();
  });
  card.append(amount, foil);
  return card;
}

let voting = false;
// elsewhere is the socket's reveal that came while this page's vote was under way.
let elsewhere;
async function vote(winner) {
  if (voting || status !== 'ready') return;
  voting = true;
  const form = document.getElementById('vote-form');
  const reasons = [...form.querySelectorAll('input[name="reasons"]:checked')].map((i) => i.value);
  const comment = form.querySelector('#comment').value;
  const body = { winner, reasons, comment };
  const publish = form.querySelector('#publish');
  if (publish) body.publish = publish.checked;
  try {
    // One key per battle: a retried request replays the first answer, never votes twice.
    reveal(await api(`/api/battles/${id}/vote`, body, { 'Idempotency-Key': `vote-${id}` }));
  } catch (e) {
    if (elsewhere) reveal(elsewhere, false);
    else showError(e.message);
  } finally {
    voting = false;
  }
}

if (id) {
  document.getElementById('vote-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    vote(ev.submitter?.value);
  });
  document.getElementById('followup-form').addEventListener('submit', async (ev) => {
    // With images the form goes as it is, multipart, and the page that comes back
    // shows them.
    if (document.getElementById('followup-images')?.files.length) return;
    ev.preventDefault();
    const box = document.getElementById('followup');
    try {
      await api(`/api/battles/${id}/messages`, { prompt: box.value });
      box.value = '';
      setStatus('streaming');
      if (!socket || socket.readyState > 1) connect();
    } catch (e) {
      showError(e.message);
    }
  });
  for (const form of document.querySelectorAll('.stop-form')) {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const side = form.querySelector('input[name="side"]').value;
      try {
        // The answer's new status comes over the socket, as every change does.
        await api(`/api/battles/${id}/stop`, { side });
      } catch (e) {
        showError(e.message);
      }
    });
  }
  for (const form of document.querySelectorAll('.regenerate-form')) {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const side = form.querySelector('input[name="side"]').value;
      try {
        const r = await api(`/api/battles/${id}/regenerate`, { side });
        const left = form.querySelector('[data-left]');
        left.dataset.left = String(r.left);
        left.textContent = `${r.left} left`;
        setStatus('streaming');
        if (!socket || socket.readyState > 1) connect();
      } catch (e) {
        showError(e.message);
      }
    });
  }
  document.getElementById('consent-form')?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const publish = document.getElementById('consent-value').value === '1';
    try {
      const r = await api(`/api/battles/${id}/consent`, { publish }, {}, 'PUT');
      showConsent(r.publish);
    } catch (e) {
      showError(e.message);
    }
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = document.activeElement?.tagName;
    if (tag === 'TEXTAREA' || tag === 'INPUT') return;
    const winners = { 1: 'model_a', 2: 'model_b', 3: 'tie', 4: 'both_bad' };
    if (winners[ev.key] && status === 'ready' && !direct) {
      ev.preventDefault();
      vote(winners[ev.key]);
    } else if (ev.key === 'n' && ended(status) && againForm) {
      againForm.requestSubmit();
    } else if (ev.key === 'n' && (status === 'voted' || ended(status))) {
      location.href = document.getElementById('next-battle').getAttribute('href');
    }
  });
  // On narrow screens the panes become tabs (the tab list is hidden without this module,
  // where the panes stack). Arrow keys, Home and End move between tabs, as ARIA tabs do.
  const tabs = document.querySelectorAll('[role="tab"]');
  const tablist = document.querySelector('.tabs[role="tablist"]');
  if (tablist) tablist.hidden = false;
  if (tablist) panes.classList.add('tabbed');
  const select = (side, focus = false) => {
    for (const t of tabs) {
      const on = t.id === `tab-${side}`;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    }
    document.getElementById('pane-a').hidden = side !== 'a' && matchMedia('(max-width: 44rem)').matches;
    const b = document.getElementById('pane-b');
    if (b) b.hidden = side !== 'b' && matchMedia('(max-width: 44rem)').matches;
  };
  for (const t of tabs) {
    t.addEventListener('click', () => select(t.id.slice(-1)));
    t.addEventListener('keydown', (ev) => {
      const other = t.id === 'tab-a' ? 'b' : 'a';
      const to = { ArrowLeft: other, ArrowRight: other, Home: 'a', End: 'b' }[ev.key];
      if (!to) return;
      ev.preventDefault();
      select(to, true);
    });
  }
  matchMedia('(max-width: 44rem)').addEventListener('change', () => select('a'));
  select('a');
  if (status !== 'voted') connect();
}
