// Live leaderboard: when the server says votes have landed, fetch this page again and
// swap in the new board. Without this module the page is simply static.
import { Backoff, hideRestarting, showRestarting } from './reconnect.js';

// Choosing a language shows it at once; without this module the form's button does.
const language = document.getElementById('language');
language?.addEventListener('change', () => language.form.submit());

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
  // The page reconnects itself, with backoff, rather than leave it to EventSource: a
  // restarting server sends "restart" and ends the stream, and while it is away every
  // attempt fails; the browser's own retry would come back every two seconds, from
  // every page at once, and gives up for good on a proxy's error page.
  const backoff = new Backoff();
  let retryTimer = null;
  const listen = () => {
    retryTimer = null;
    const mine = new EventSource('/leaderboard/events');
    events = mine;
    const retry = () => {
      mine.close();
      if (events !== mine) return; // closed by pagehide, or already replaced
      events = null;
      showRestarting();
      retryTimer = setTimeout(listen, backoff.next());
    };
    mine.addEventListener('votes', refresh);
    // Votes that landed between this page's render and the stream's opening (or while
    // it reconnected, or while the page sat in the back/forward cache) sent no signal
    // this page heard: catch up once it is open.
    mine.addEventListener('open', () => {
      backoff.reset();
      hideRestarting();
      refresh();
    });
    mine.addEventListener('restart', retry);
    mine.addEventListener('error', retry);
  };
  listen();
  // A page kept in the back/forward cache would hold its stream, one of the browser's
  // six connections to this host: six cached boards and every page of the site waits.
  window.addEventListener('pagehide', () => {
    const open = events;
    events = null;
    open?.close();
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  });
  window.addEventListener('pageshow', (ev) => {
    if (ev.persisted && !events && retryTimer === null) listen();
  });
}
