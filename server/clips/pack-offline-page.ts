// The pack's offline player: one self-contained HTML file (no external script, style or
// font) that plays the zip's own media files in order from file://. Captions are inlined
// as data because browsers refuse <track> files from file:// URLs.
import type { Cue } from '../model/types.ts';
import { escapeHtml } from './clip-page-head.ts';

export interface OfflinePackItem {
  title: string;
  quote: string;
  attribution: string;
  citation: string;
  note: string | null;
  /** File name inside the zip. */
  mediaFile: string;
  mediaType: string;
  duration: number;
  /** Captions re-timed to the cut file. */
  cues: Pick<Cue, 'start' | 'end' | 'speaker' | 'text'>[];
  link: string;
}

export interface OfflinePack {
  title: string;
  intro: string | null;
  items: OfflinePackItem[];
  link: string;
}

/** JSON safe inside a <script> element: no "</script", no "<!--", no U+2028/2029 surprises. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Runs in the browser from file://. Plain ES2017, no modules. Exposes its state on
// <body data-*> so people (and tests) can see which clip is playing.
const playerScript = `
(function () {
  var pack = JSON.parse(document.getElementById('pack-data').textContent);
  var audio = document.getElementById('player');
  var caption = document.getElementById('caption');
  var nowTitle = document.getElementById('now-title');
  var items = document.querySelectorAll('[data-item]');
  var current = -1;
  var played = [];
  window.verbatimPack = { played: played };
  function select(index, autoplay) {
    if (index < 0 || index >= pack.items.length) return;
    current = index;
    var item = pack.items[index];
    for (var i = 0; i < items.length; i++) {
      if (i === index) items[i].setAttribute('aria-current', 'true');
      else items[i].removeAttribute('aria-current');
    }
    nowTitle.textContent = (index + 1) + '. ' + item.title;
    caption.textContent = '';
    audio.src = item.mediaFile;
    document.body.setAttribute('data-current', String(index));
    if (autoplay) {
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    }
  }
  audio.addEventListener('playing', function () {
    if (played[played.length - 1] !== current) played.push(current);
    document.body.setAttribute('data-played', played.join(','));
  });
  audio.addEventListener('timeupdate', function () {
    var item = pack.items[current];
    if (!item) return;
    var t = audio.currentTime;
    // Stop at the clip's end even if the file runs a few milliseconds longer.
    if (t >= item.duration) { audio.pause(); advance(); return; }
    var text = '';
    for (var i = 0; i < item.cues.length; i++) {
      var c = item.cues[i];
      if (t >= c.start && t < c.end) { text = (c.speaker ? c.speaker + ': ' : '') + c.text; break; }
    }
    caption.textContent = text;
  });
  var advancing = false;
  function advance() {
    if (advancing) return;
    advancing = true;
    setTimeout(function () { advancing = false; }, 0);
    if (current + 1 < pack.items.length) select(current + 1, true);
    else { document.body.setAttribute('data-finished', 'true'); caption.textContent = ''; }
  }
  audio.addEventListener('ended', advance);
  document.getElementById('play-all').addEventListener('click', function () {
    document.body.removeAttribute('data-finished');
    select(0, true);
  });
  for (var i = 0; i < items.length; i++) {
    (function (index) {
      items[index].querySelector('button').addEventListener('click', function () { select(index, true); });
    })(i);
  }
  select(0, false);
})();
`;

const style = `
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111827; background: #fdfaf3; }
audio { width: 100%; }
#caption { min-height: 3em; font-size: 1.15rem; padding: .5rem; background: #fff; border-left: 4px solid #b45309; }
ol { padding-left: 1.2rem; }
li[aria-current] { background: #fef3c7; }
blockquote { margin: .5rem 0; font-style: italic; }
.citation { font-size: .9rem; color: #374151; }
button { font: inherit; padding: .3rem .8rem; }
`;

export function buildOfflinePackPage(pack: OfflinePack): string {
  const items = pack.items
    .map(
      (item, i) => `      <li data-item="${i}">
        <h2>${escapeHtml(item.title)}</h2>
        <blockquote>“${escapeHtml(item.quote)}”</blockquote>
        <p>— ${escapeHtml(item.attribution)}</p>
        ${item.note ? `<p class="note">${escapeHtml(item.note)}</p>` : ''}
        <p class="citation">${escapeHtml(item.citation)}</p>
        <p><button type="button">Play this clip</button> <a href="${escapeHtml(item.link)}">Online</a></p>
      </li>`,
    )
    .join('\n');
  const data = {
    items: pack.items.map(({ mediaFile, duration, cues, title }) => ({ mediaFile, duration, cues, title })),
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>${escapeHtml(pack.title)}</title>
    <style>${style}</style>
  </head>
  <body>
    <h1>${escapeHtml(pack.title)}</h1>
    ${pack.intro ? `<p class="intro">${escapeHtml(pack.intro)}</p>` : ''}
    <p><button type="button" id="play-all">Play all in order</button></p>
    <p id="now-title" aria-live="polite"></p>
    <audio id="player" controls preload="metadata"></audio>
    <p id="caption" aria-live="polite"></p>
    <ol>
${items}
    </ol>
    <p><a href="${escapeHtml(pack.link)}">This pack online</a> · handout: handout.md</p>
    <script type="application/json" id="pack-data">${jsonForScript(data)}</script>
    <script>${playerScript}</script>
  </body>
</html>
`;
}
