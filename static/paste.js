// Images pasted into a prompt box join the files of its image input, so a screenshot on
// the clipboard is one keystroke from a vision battle. The form stays a plain multipart
// form: without this module the file input alone works.

const types = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

for (const input of document.querySelectorAll('input[type="file"][data-paste-into]')) {
  const box = document.getElementById(input.dataset.pasteInto);
  const status = document.getElementById(`${input.id}-status`);
  const max = Number(input.dataset.max) || 4;
  const say = () => {
    const n = input.files.length;
    status.textContent = n === 0 ? '' : `${n} image${n === 1 ? '' : 's'} attached${n > max ? ` (at most ${max} are taken)` : ''}`;
  };
  input.addEventListener('change', say);
  box?.addEventListener('paste', (ev) => {
    const pasted = [...(ev.clipboardData?.files ?? [])].filter((f) => types.includes(f.type));
    if (pasted.length === 0) return; // text pastes as text
    ev.preventDefault();
    const all = new DataTransfer();
    for (const f of input.files) all.items.add(f);
    pasted.forEach((f, i) => {
      // A pasted screenshot is named "image.png"; numbering tells them apart in errors.
      const name = f.name && f.name !== 'image.png' ? f.name : `pasted-${all.items.length + 1}.${f.type.split('/')[1]}`;
      all.items.add(new File([f], name, { type: f.type }));
    });
    input.files = all.files;
    say();
  });
}
