// Small enhancements shared by every page. Pages work without this file.

// Flash messages can be dismissed with a click.
for (const el of document.querySelectorAll('.flash')) {
  el.addEventListener('click', () => el.remove());
}

// The theme: a choice applies at once, without the form's round trip, and is kept in
// localStorage and in the cookie from which the server renders <html data-theme>, so
// the next page's first paint already has it. "system" follows prefers-color-scheme.
const themeForm = document.getElementById('theme-form');
if (themeForm) {
  const select = themeForm.querySelector('select');
  const apply = (theme) => {
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.dataset.theme = theme;
      document.cookie = `arena_theme=${theme}; path=/; max-age=31536000; samesite=lax`;
    } else {
      delete document.documentElement.dataset.theme;
      document.cookie = 'arena_theme=; path=/; max-age=0; samesite=lax';
    }
  };
  // A cookie lost (cleared, expired) while localStorage kept the choice is restored.
  const stored = localStorage.getItem('arena-theme');
  if (stored && stored !== (document.documentElement.dataset.theme ?? 'system')) {
    apply(stored);
    select.value = stored;
  }
  themeForm.querySelector('#theme-apply')?.remove();
  select.addEventListener('change', () => {
    localStorage.setItem('arena-theme', select.value);
    apply(select.value);
  });
}
