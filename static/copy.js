// Copy buttons for each answer and each of its code blocks. Without this module, or
// without the Clipboard API (a page on plain HTTP from another host), there are no
// buttons, and the text is as selectable as ever.

if (navigator.clipboard && window.isSecureContext) {
  const done = (button, label) => {
    const was = button.textContent;
    button.textContent = label;
    setTimeout(() => { button.textContent = was; }, 1500);
  };
  const copyButton = (cls, label, text) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `copy secondary ${cls}`;
    b.textContent = label;
    b.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text());
        done(b, 'Copied');
      } catch {
        done(b, 'Copy failed');
      }
    });
    return b;
  };
  // An answer's text as a reader sees it (innerText keeps its lines), less the code
  // blocks' own buttons.
  const answerText = (answer) => {
    answer.classList.add('copying');
    const text = answer.innerText;
    answer.classList.remove('copying');
    return text.trim();
  };
  const decorate = () => {
    for (const answer of document.querySelectorAll('.answer')) {
      // An image battle's answers are pictures: there is no text to copy.
      if (answer.closest('.panes[data-arena="text_to_image"], .panes[data-arena="image_edit"]')) continue;
      // After the answer: a reasoning block stays right before the answer it precedes.
      if (!answer.nextElementSibling?.classList.contains('copy-answer')) {
        answer.after(copyButton('copy-answer', 'Copy answer', () => answerText(answer)));
      }
      for (const pre of answer.querySelectorAll('pre')) {
        if (!pre.previousElementSibling?.classList.contains('copy-code')) {
          // The block is replaced as the answer streams: copy the one after the button now.
          const b = copyButton('copy-code', 'Copy code', () => {
            const now = b.nextElementSibling?.tagName === 'PRE' ? b.nextElementSibling : pre;
            return now.textContent.replace(/\n$/, '');
          });
          pre.before(b);
        }
      }
    }
  };
  decorate();
  // Streaming answers are rewritten as they grow, and follow-ups add new ones.
  const main = document.getElementById('main');
  if (main) new MutationObserver(decorate).observe(main, { childList: true, subtree: true });
}
