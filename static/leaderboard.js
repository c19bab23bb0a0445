// Live leaderboard: when the server says votes have landed, fetch this page again and
// swap in the new board. Without this module the page is simply static.
const board = document.getElementById('board');
if (board) {
  let events = null;
  let running = false;
  let again = false;
  // One fetch at a time; a signal that arrives during one is kept and answered by one
  // more fetch after it, since the fetch under way may have read the board before that
  // vote landed.
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const res = await fetch(location.href, { headers: { Accept: 'text/html' } });
        if (res.ok) {
          const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
          const next = doc.getElementById('board');
          if (next) board.replaceChildren(...next.childNodes);
        }
      } while (again);
    } finally {
      running = false;
    }
  };
  const listen = () => {
    events = new EventSource('/leaderboard/events');
    events.addEventListener('votes', refresh);
    // Votes that landed between this page's render and the stream's opening (or while
    // it reconnected, or while the page sat in the back/forward cache) sent no signal
    // this page heard: catch up once it is open.
    events.addEventListener('open', refresh);
  };
  listen();
  // A page kept in the back/forward cache would hold its stream, one of the browser's
  // six connections to this host: six cached boards and every page of the site waits.
  window.addEventListener('pagehide', () => {
    events?.close();
    events = null;
  });
  window.addEventListener('pageshow', (ev) => {
    if (ev.persisted && !events) listen();
  });
}
