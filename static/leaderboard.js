// Live leaderboard: when the server says votes have landed, fetch this page again and
// swap in the new board. Without this module the page is simply static.
const board = document.getElementById('board');
if (board) {
  const events = new EventSource('/leaderboard/events');
  let pending = false;
  events.addEventListener('votes', async () => {
    if (pending) return;
    pending = true;
    try {
      const res = await fetch(location.href, { headers: { Accept: 'text/html' } });
      if (res.ok) {
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const next = doc.getElementById('board');
        if (next) board.replaceChildren(...next.childNodes);
      }
    } finally {
      pending = false;
    }
  });
}
