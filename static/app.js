// Small enhancements shared by every page. Pages work without this file.

// Flash messages can be dismissed with a click.
for (const el of document.querySelectorAll('.flash')) {
  el.addEventListener('click', () => el.remove());
}
