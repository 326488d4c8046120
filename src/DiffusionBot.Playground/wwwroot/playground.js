// DiffusionBot playground: a chat channel fed by /api/events (Server-Sent Events). No framework, no build step.
'use strict';

const list = document.getElementById('messages');
const composer = document.getElementById('composer');
const input = document.getElementById('composer-input');
const composerFile = document.getElementById('composer-file');
const reactionDigits = ['1️⃣', '2️⃣', '3️⃣', '4️⃣'];

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return response.ok ? response.json() : null;
}

function img2img(file, prompt) {
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('prompt', prompt || '');
  fetch('/api/img2img', { method: 'POST', body: form }).catch(() => {});
}

function act(resultId, action, index, extra) {
  post('/api/actions', Object.assign({ resultId, action, index }, extra || {}));
}

// Vary (Region): paint over the image with the brush; the painted part is sent transparent (white = repaint).
function brush(node, resultId, index) {
  // A single-image post shows one image, while its buttons name the grid's index.
  const images = node.querySelectorAll('.result-image');
  const img = images[index] || images[0];
  if (!img || node.querySelector('.brush')) return;
  const panel = document.createElement('div');
  panel.className = 'brush';
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.style.width = img.clientWidth + 'px';
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const painted = document.createElement('canvas');
  painted.width = canvas.width;
  painted.height = canvas.height;
  const mask = painted.getContext('2d');
  const radius = Math.max(8, canvas.width / 16);
  let down = false;
  const paint = e => {
    if (!down) return;
    const r = canvas.getBoundingClientRect();
    const x = (e.clientX - r.left) * canvas.width / r.width;
    const y = (e.clientY - r.top) * canvas.height / r.height;
    for (const c of [ctx, mask]) {
      c.fillStyle = 'rgba(255,0,255,0.5)';
      c.beginPath();
      c.arc(x, y, radius, 0, 2 * Math.PI);
      c.fill();
    }
  };
  canvas.addEventListener('pointerdown', e => { down = true; paint(e); });
  canvas.addEventListener('pointermove', paint);
  window.addEventListener('pointerup', () => { down = false; });
  const prompt = document.createElement('input');
  prompt.placeholder = node.dataset.prompt || 'prompt';
  const send = button('Repaint', 'action', () => {
    const out = document.createElement('canvas');
    out.width = canvas.width;
    out.height = canvas.height;
    const o = out.getContext('2d');
    o.drawImage(img, 0, 0);
    const pixels = o.getImageData(0, 0, out.width, out.height);
    const marks = mask.getImageData(0, 0, out.width, out.height).data;
    for (let i = 3; i < marks.length; i += 4) if (marks[i] > 0) pixels.data[i] = 0;
    o.putImageData(pixels, 0, 0);
    act(resultId, 'region', index, { prompt: prompt.value, mask: out.toDataURL('image/png') });
    panel.remove();
  });
  panel.append(canvas, prompt, send, button('Cancel', 'action', () => panel.remove()));
  node.append(panel);
}

// The element for message `id`, created in place (ordered by id) under its parent's thread or at top level.
function element(id, parentId) {
  let node = document.querySelector(`.message[data-id="${id}"]`);
  const container = parentId ? element(parentId, null).querySelector(':scope > .thread') : list;
  if (!node) {
    node = document.createElement('article');
    node.className = 'message';
    node.dataset.id = id;
    node.innerHTML = '<span class="author"></span><span class="text"></span><div class="body"></div><div class="thread"></div>';
  }
  if (node.parentElement !== container) {
    const after = [...container.children].find(c => Number(c.dataset.id) > id);
    container.insertBefore(node, after || null);
  }
  return node;
}

function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function renderResult(node, m) {
  const body = node.querySelector(':scope > .body');
  body.replaceChildren();
  node.classList.add('result');
  node.dataset.resultId = m.resultId;
  node.dataset.prompt = m.text;
  const grid = document.createElement('div');
  grid.className = 'grid';
  m.images.forEach((src, i) => {
    const img = document.createElement('img');
    img.className = 'result-image';
    img.dataset.index = i;
    img.alt = `${m.text} — image ${i + 1}`;
    img.src = src;
    grid.append(img);
  });
  const buttons = document.createElement('div');
  buttons.className = 'buttons';
  for (const b of m.buttons) {
    const el = button(b.label, 'action', () => b.action === 'region'
      ? brush(node, m.resultId, b.index ?? 0)
      : act(m.resultId, b.action, b.index ?? 0));
    el.dataset.action = b.action;
    if (b.index !== null) el.dataset.index = b.index;
    buttons.append(el);
  }
  // Reactions do what the buttons do: 🔁 rerolls, 1️⃣–4️⃣ vary image k.
  const reactions = document.createElement('div');
  reactions.className = 'reactions';
  if (m.buttons.some(b => b.action === 'reroll')) {
    reactions.append(button('🔁', 'reaction', () => act(m.resultId, 'reroll', 0)));
  }
  m.buttons.filter(b => b.action === 'vary' && b.index < reactionDigits.length).forEach(b => {
    const el = button(reactionDigits[b.index], 'reaction', () => act(m.resultId, 'vary', b.index));
    el.dataset.index = b.index;
    reactions.append(el);
  });
  // Dropping an image (or picking one) repaints it with this result's prompt.
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'image/png,image/jpeg,image/webp';
  file.className = 'drop-file';
  file.hidden = true;
  file.addEventListener('change', () => img2img(file.files[0], node.dataset.prompt));
  body.append(grid, buttons, reactions, file);
}

function renderImages(node, m) {
  const body = node.querySelector(':scope > .body');
  body.replaceChildren();
  m.images.forEach(src => {
    const img = document.createElement('img');
    if (m.kind === 'status') {
      img.className = 'preview-image';
      img.dataset.kind = 'preview';
    } else {
      img.className = 'user-image';
    }
    img.src = src;
    body.append(img);
  });
}

function show(m) {
  const node = element(m.id, m.parentId);
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  node.dataset.kind = m.kind;
  node.dataset.revision = m.revision;
  node.querySelector(':scope > .author').textContent = m.kind === 'user' ? 'you' : 'DiffusionBot';
  const text = node.querySelector(':scope > .text');
  text.textContent = m.text;
  if (m.ephemeral) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = 'Only visible to you';
    text.append(note);
  }
  if (m.kind === 'result') renderResult(node, m); else renderImages(node, m);
  if (stick) list.scrollTop = list.scrollHeight;
}

function connect() {
  const events = new EventSource('/api/events');
  events.onmessage = e => show(JSON.parse(e.data));
}

composer.addEventListener('submit', e => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  post('/api/messages', { text });
});
composerFile.addEventListener('change', () => {
  img2img(composerFile.files[0], input.value);
  composerFile.value = '';
});

// Drag and drop: onto a result (its prompt) or onto the input box (the typed prompt).
function dropZone(target) {
  return target.closest ? (target.closest('.result') || target.closest('#composer')) : null;
}
document.addEventListener('dragover', e => {
  const zone = dropZone(e.target);
  document.querySelectorAll('.drop-target').forEach(z => { if (z !== zone) z.classList.remove('drop-target'); });
  if (zone) { e.preventDefault(); zone.classList.add('drop-target'); }
});
document.addEventListener('drop', e => {
  const zone = dropZone(e.target);
  document.querySelectorAll('.drop-target').forEach(z => z.classList.remove('drop-target'));
  if (!zone) return;
  e.preventDefault();
  const file = e.dataTransfer && e.dataTransfer.files[0];
  img2img(file, zone.id === 'composer' ? input.value : zone.dataset.prompt);
});

connect();
