// Reconnecting after the server restarts: a notice while it is away, and a delay that
// doubles between attempts (with jitter), so a server coming back is not stampeded by
// every page that was open.

const text = 'The server is restarting; reconnecting…';

// showRestarting puts the notice at the top of the page; hideRestarting takes it away.
export function showRestarting() {
  let el = document.getElementById('restart-notice');
  if (!el) {
    el = document.createElement('p');
    el.id = 'restart-notice';
    el.className = 'flash warning';
    el.setAttribute('role', 'status');
    el.textContent = text;
    (document.getElementById('main') ?? document.body).prepend(el);
  }
}

export function hideRestarting() {
  document.getElementById('restart-notice')?.remove();
}

// Backoff gives the waits between attempts: first, then twice as long each time, at
// most max, each shortened by up to a quarter at random.
export class Backoff {
  constructor(first = 1000, max = 15000) {
    this.first = first;
    this.max = max;
    this.reset();
  }

  reset() {
    this.wait = this.first;
  }

  next() {
    const w = this.wait;
    this.wait = Math.min(this.wait * 2, this.max);
    return w * (1 - Math.random() / 4);
  }
}
